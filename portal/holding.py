"""A per-session holding area for files a customer already uploaded on a form that came back
with an error, so they need not select them again.

Accepted files (already cleaned: photos redrawn, PDFs checked) are written under
MEDIA_ROOT/tmp/<holder>/, where <holder> is a random name kept in the customer's session; the
form carries a signed list of the kept files (the signature is tied to the holder, so another
session cannot claim them). Kept files are handed to the case when the form is finally accepted.

A form the customer abandons leaves its folder behind: every keep and every claim first removes
the folders untouched for UPLOAD_HOLD_HOURS (2 by default), and `manage.py purge_held_uploads`
does the same from the scheduler, so nothing outlives that bound even on a quiet site.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core import signing
from django.core.files import File
from django.http import HttpRequest

from backoffice.services.uploads import clean_upload

SESSION_KEY = "portal_holder"


def max_age_seconds() -> float:
    return settings.UPLOAD_HOLD_HOURS * 3600


@dataclass(frozen=True)
class KeptFile:
    id: str
    name: str
    size: int

    @property
    def size_label(self) -> str:
        if self.size >= 1024 * 1024:
            return f"{self.size / (1024 * 1024):.1f} MB"
        return f"{max(1, self.size // 1024)} KB"


def _root() -> Path:
    return Path(settings.MEDIA_ROOT) / "tmp"


def _holder(request: HttpRequest, create: bool) -> str | None:
    holder = request.session.get(SESSION_KEY)
    if holder is None and create:
        holder = secrets.token_hex(16)
        request.session[SESSION_KEY] = holder
    return holder


def _folder(holder: str) -> Path:
    return _root() / holder


def keep(request: HttpRequest, upload) -> KeptFile:
    """Store an accepted upload, cleaned, in the session's holding area."""
    prune()
    clean = clean_upload(upload)
    holder = _holder(request, create=True)
    folder = _folder(holder)
    folder.mkdir(parents=True, exist_ok=True)
    file_id = secrets.token_hex(12)
    clean.seek(0)
    with open(folder / file_id, "wb") as target:
        for chunk in clean.chunks():
            target.write(chunk)
    clean.seek(0)
    name = Path(clean.name or "file").name[:200]
    size = (folder / file_id).stat().st_size
    (folder / f"{file_id}.json").write_text(json.dumps({"name": name, "size": size}))
    _touch(folder)
    return KeptFile(file_id, name, size)


def _touch(folder: Path) -> None:
    """Mark the folder as in use: its age is the time since the customer last used it."""
    with contextlib.suppress(FileNotFoundError):
        os.utime(folder)


def _salt(holder: str) -> str:
    return f"portal.kept-files:{holder}"


def dumps(request: HttpRequest, kept: list[KeptFile]) -> str:
    """The signed value of the hidden field that lists the kept files."""
    if not kept:
        return ""
    holder = _holder(request, create=True)
    return signing.dumps([[k.id, k.name, k.size] for k in kept], salt=_salt(holder))


def loads(request: HttpRequest, value: str) -> list[KeptFile]:
    """The kept files the hidden field lists that still exist in this session's area. A forged
    list, or one from another session, yields nothing."""
    holder = _holder(request, create=False)
    if holder is not None:
        _touch(_folder(holder))  # before pruning: a customer at work keeps their files
    prune()
    if not value or holder is None:
        return []
    try:
        rows = signing.loads(value, salt=_salt(holder), max_age=max_age_seconds())
    except signing.BadSignature:
        return []
    kept = []
    for row in rows:
        try:
            file_id, name, size = str(row[0]), str(row[1]), int(row[2])
        except (IndexError, TypeError, ValueError):
            continue
        if file_id.isalnum() and (_folder(holder) / file_id).is_file():
            kept.append(KeptFile(file_id, name, size))
    return kept


def kept_from_post(request: HttpRequest) -> list[KeptFile]:
    """The files kept from an earlier attempt of the posted form, less those the customer
    ticked to remove (which are deleted)."""
    kept = loads(request, request.POST.get("kept_files", ""))
    removed = set(request.POST.getlist("discard_kept"))
    if removed:
        discard(request, [item for item in kept if item.id in removed])
    return [item for item in kept if item.id not in removed]


def open_file(request: HttpRequest, kept: KeptFile) -> File:
    """The kept file, opened for reading, named as the customer named it. Close it after use."""
    holder = _holder(request, create=False)
    handle = open(_folder(holder) / kept.id, "rb")  # noqa: SIM115 - the caller closes it
    return File(handle, name=kept.name)


def discard(request: HttpRequest, kept: list[KeptFile]) -> None:
    holder = _holder(request, create=False)
    if holder is None:
        return
    for item in kept:
        for path in (_folder(holder) / item.id, _folder(holder) / f"{item.id}.json"):
            path.unlink(missing_ok=True)


def prune(max_age: float | None = None, *, now: float | None = None) -> int:
    """Delete holding folders untouched for `max_age` seconds (UPLOAD_HOLD_HOURS by default);
    returns how many. One directory listing with a stat per folder: cheap enough to run on
    every keep and claim, as the folders live for hours at most."""
    root = _root()
    if not root.is_dir():
        return 0
    cutoff = (time.time() if now is None else now) - (
        max_age_seconds() if max_age is None else max_age
    )
    removed = 0
    with os.scandir(root) as entries:
        for entry in entries:
            try:
                stale = entry.is_dir(follow_symlinks=False) and entry.stat().st_mtime < cutoff
            except FileNotFoundError:
                continue  # removed by a concurrent prune
            if stale:
                shutil.rmtree(entry.path, ignore_errors=True)
                removed += 1
    return removed
