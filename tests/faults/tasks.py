"""Tasks for the worker fault tests (imported by the worker process by their path)."""

import time
from pathlib import Path

from django_tasks import task


@task()
def nap_once(marker: str, seconds: float = 120) -> str:
    """The first run leaves a marker and sleeps (to be killed); a rerun returns at once."""
    path = Path(marker)
    if path.exists():
        return "resumed"
    path.write_text("started")
    time.sleep(seconds)
    return "slept"
