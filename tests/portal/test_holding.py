"""The holding area for files kept between attempts: private to a session, emptied when the
complaint is sent, pruned when abandoned."""

import os
import time
from io import StringIO
from pathlib import Path

import pytest

from django.conf import settings
from django.core.management import call_command
from django.test import Client

from backoffice.models import Case
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
    age(folder, hours=settings.UPLOAD_HOLD_HOURS, plus_seconds=60)
    assert holding.prune() == 1
    assert not folder.exists()


# The clock: a folder's age is its modification time, set back as if time had passed.


def age(folder: Path, *, hours: float, plus_seconds: float = 0) -> None:
    then = time.time() - hours * 3600 - plus_seconds
    os.utime(folder, (then, then))


def abandoned_form(hours: float) -> Path:
    """The holding folder of a customer who left a refused form `hours` ago."""
    visitor = Client()
    visitor.post("/complain/", complaint_data(consent=None, attachments=[photo("left.jpg")]))
    folder = Path(visitor.session[holding.SESSION_KEY])
    folder = Path(settings.MEDIA_ROOT) / "tmp" / folder.name
    assert folder.is_dir()
    age(folder, hours=hours)
    return folder


def test_the_hold_lasts_two_hours_by_default():
    from config.settings import base

    assert base.UPLOAD_HOLD_HOURS == 2


def test_another_customers_refused_form_removes_abandoned_folders_and_keeps_fresh_ones(
    client, demo_site
):
    old = abandoned_form(hours=2.1)
    fresh = abandoned_form(hours=1.9)
    response = client.post("/complain/", complaint_data(consent=None, attachments=[photo()]))
    assert response.status_code == 400
    assert not old.exists()
    assert fresh.is_dir() and len(list(fresh.iterdir())) == 2


def test_any_sending_of_the_form_removes_abandoned_folders(client, demo_site):
    old = abandoned_form(hours=3)
    assert client.post("/complain/", complaint_data()).status_code == 302
    assert not old.exists()


def test_a_customer_who_comes_back_in_time_keeps_their_files_for_another_period(
    client, demo_site, settings
):
    response = client.post("/complain/", complaint_data(consent=None, attachments=[photo()]))
    folder = next(iter(held_files())).parent
    age(folder, hours=1.5)
    kept = kept_field(response.content.decode())
    # Sent again, still refused: the folder counts as used now, not 1.5 hours ago.
    again = client.post("/complain/", complaint_data(consent=None, kept_files=kept))
    assert again.status_code == 400
    assert time.time() - folder.stat().st_mtime < 60
    settings.UPLOAD_HOLD_HOURS = 1
    assert holding.prune() == 0
    assert client.post("/complain/", complaint_data(kept_files=kept)).status_code == 302
    assert Case.objects.get().attachments.count() == 1


def test_the_bound_is_a_setting(client, demo_site, settings):
    settings.UPLOAD_HOLD_HOURS = 0.5
    folder = abandoned_form(hours=0.6)
    assert holding.prune() == 1
    assert not folder.exists()


def test_the_scheduler_command_purges_abandoned_folders(demo_site):
    fresh = abandoned_form(hours=0.1)
    old = abandoned_form(hours=5)  # aged after it was made: nothing pruned it yet
    out = StringIO()
    call_command("purge_held_uploads", stdout=out)
    assert "1 abandoned upload folder(s) removed" in out.getvalue()
    assert not old.exists() and fresh.is_dir()
    call_command("purge_held_uploads", stdout=out)  # idempotent
    assert fresh.is_dir()
