"""The task queue stays bounded: saving case models queues no Wagtail reference-index work
(production saw 15,975 such tasks), while models Wagtail does need to index still queue it."""

import pytest
from django_tasks_db.models import DBTaskResult

from backoffice.models import Notification, Unit
from backoffice.services.cases import case_transition

pytestmark = pytest.mark.django_db

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def reference_index_tasks() -> list[str]:
    """The models of the queued reference-index tasks ("app_label.model_name")."""
    return [
        ".".join(args_kwargs["args"][:2])
        for args_kwargs in DBTaskResult.objects.filter(
            task_path__contains="reference_index"
        ).values_list("args_kwargs", flat=True)
    ]


@pytest.fixture
def database_queue(settings):
    # Wagtail registers models for the reference index when the admin's URLs load (each
    # viewset), as on a server's first request.
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018
    settings.TASKS = DATABASE_QUEUE


def test_saving_cases_queues_no_reference_index_task(database_queue, demo, submit, staff):
    DBTaskResult.objects.all().delete()  # what loading the demo organisation queued
    case = submit()
    case = case_transition(case=case, action="acknowledge", actor=staff["agent"])
    case.save()
    Notification.objects.filter(case=case).update(attempts=1)
    for notification in Notification.objects.filter(case=case):
        notification.save()  # what every delivery attempt does
    assert Notification.objects.filter(case=case).exists()
    assert reference_index_tasks() == []


def test_a_model_wagtail_indexes_still_queues_its_task(database_queue, demo):
    # The control: the database queue is really in use and would show a reference-index task.
    DBTaskResult.objects.all().delete()
    Unit.objects.first().save()
    assert set(reference_index_tasks()) == {"backoffice.unit"}
