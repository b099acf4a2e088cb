"""The holding area for files kept between attempts: private to a session, emptied when the
complaint is sent, pruned when abandoned."""

import os
import time
from pathlib import Path

import pytest

from django.conf import settings

from portal import holding
from tests.portal.helpers import complaint_data, kept_field, photo

pytestmark = pytest.mark.django_db


def held_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT) / "tmp"
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def test_kept_files_leave_the_holding_area_once_the_complaint_is_sent(client, demo_site):
    refused = client.post("/complain/", complaint_data(consent=None, attachments=[photo()]))
    assert len(held_files()) == 2  # the file and its description
    client.post("/complain/", complaint_data(kept_files=kept_field(refused.content.decode())))
    assert held_files() == []


def test_abandoned_holding_folders_are_pruned(client, demo_site):
    client.post("/complain/", complaint_data(consent=None, attachments=[photo()]))
    folder = next(iter(held_files())).parent
    assert holding.prune() == 0  # still fresh
    day_ago = time.time() - 25 * 3600
    os.utime(folder, (day_ago, day_ago))
    assert holding.prune() == 1
    assert not folder.exists()
