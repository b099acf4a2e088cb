"""``manage.py scrub_pii``: scrub personal data from JSON lines, for batches and other tools.

Reads one JSON object per line on stdin, ``{"id": ..., "text": ..., "known": {...}}`` (``known``
optional), and writes one JSON line per input line on stdout, in the same order::

    {"id": ..., "text": "<scrubbed>", "findings": [{"kind": "phone", "start": 5, "end": 16}]}

Offsets refer to the input text. The findings carry no matched text, so the output holds no
personal data. A line that cannot be used (invalid JSON or UTF-8, not an object, no string
``text``, ``known`` not an object) yields ``{"id": <id or null>, "error": "<message>"}`` and the
next line is processed; blank lines are skipped. The exit status is 0 unless stdin cannot be read.

Example::

    echo '{"id": 1, "text": "顾客王小明，电话13800138000"}' | python manage.py scrub_pii
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from typing import IO, Any

from django.core.management.base import BaseCommand, CommandError

from knowledge.scrubber import scrub


def scrub_record(line: str | bytes) -> dict[str, Any]:
    """The output record for one input line: the scrubbed text and findings, or an error."""
    try:
        text_line = line.decode("utf-8") if isinstance(line, bytes) else line
        record = json.loads(text_line)
    except UnicodeDecodeError:
        return {"id": None, "error": "line is not valid UTF-8"}
    except json.JSONDecodeError as exc:
        return {"id": None, "error": f"invalid JSON: {exc}"}
    if not isinstance(record, dict):
        return {"id": None, "error": "each line must be a JSON object"}
    record_id = record.get("id")
    text = record.get("text")
    if not isinstance(text, str):
        message = '"text" is missing' if text is None else '"text" must be a string'
        return {"id": record_id, "error": message}
    known = record.get("known") or {}
    if not isinstance(known, dict):
        return {"id": record_id, "error": '"known" must be an object'}
    scrubbed, findings = scrub(text, known)
    return {
        "id": record_id,
        "text": scrubbed,
        "findings": [{"kind": f.kind, "start": f.start, "end": f.end} for f in findings],
    }


class Command(BaseCommand):
    help = (
        "Scrub personal data from JSON lines on stdin ({id, text, known}) and write one JSON "
        "line per input ({id, text, findings} or {id, error}) on stdout."
    )
    # call_command(..., stdin=StringIO(...)) passes the input stream in tests and scripts.
    stealth_options = ("stdin",)

    def handle(self, *args: Any, **options: Any) -> None:
        stream = options.get("stdin") or sys.stdin
        if stream is None:  # started with stdin closed
            raise CommandError("could not read stdin: there is no standard input")
        for line in _read_lines(stream):
            if line.strip():
                self.stdout.write(json.dumps(scrub_record(line), ensure_ascii=False))


def _read_lines(stream: IO[str]) -> Iterator[str | bytes]:
    """The lines of ``stream``; a failure to read becomes a CommandError (exit status 1).

    A real stdin is read as bytes, so one line of bad UTF-8 becomes one error record instead of
    ending the run; text streams such as StringIO are read as they are.
    """
    try:
        yield from getattr(stream, "buffer", stream)
    except (OSError, ValueError) as exc:  # ValueError: reading a closed stream
        raise CommandError(f"could not read stdin: {exc}") from exc
