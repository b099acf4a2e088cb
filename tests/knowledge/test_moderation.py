"""A trainer drafts and submits, a manager approves, and the case study is live for staff."""

import pytest

from django.contrib.auth.models import Group
from django.urls import reverse

from wagtail.models import GroupApprovalTask, GroupPagePermission, Workflow

from knowledge.models import CaseStudyPage
from knowledge.setup import WORKFLOW_NAME
from tests.knowledge.editor import editor_post, new_case_study

pytestmark = pytest.mark.django_db

TEXT = "顾客要求退款，收银员态度生硬，值班主管当场道歉并退还差价12元。"


def test_the_library_is_moderated_by_managers(library):
    workflow = library.get_workflow()
    assert workflow == Workflow.objects.get(name=WORKFLOW_NAME)
    (task,) = [t.specific for t in workflow.tasks]
    assert isinstance(task, GroupApprovalTask)
    assert list(task.groups.values_list("name", flat=True)) == ["role:manager"]

    def granted(role):
        return set(
            GroupPagePermission.objects.filter(
                group=Group.objects.get(name=f"role:{role}"), page=library
            ).values_list("permission__codename", flat=True)
        )

    assert granted("trainer") == {"add_page", "change_page"}
    assert granted("manager") == {"add_page", "change_page", "publish_page"}


def test_trainer_submits_manager_approves_and_staff_read_it(library, staff, signed_in, client):
    draft = new_case_study(library, user=staff["trainer"], text="初稿")
    trainer = signed_in("trainer")

    # The trainer may not publish: Wagtail offers "submit", and a publish request only saves.
    editor = trainer.get(reverse("wagtailadmin_pages:edit", args=[draft.pk])).content.decode()
    assert 'name="action-submit"' in editor and 'name="action-publish"' not in editor
    editor_post(trainer, draft, "publish", [("what_happened", TEXT)])
    draft.refresh_from_db()
    assert not draft.live

    assert editor_post(trainer, draft, "submit", [("what_happened", TEXT)]).status_code == 302
    draft.refresh_from_db()
    task_state = draft.current_workflow_task_state
    assert task_state.status == "in_progress" and not draft.live

    # Another trainer's role cannot approve; the manager can, from the dashboard's button.
    approve_url = reverse(
        "wagtailadmin_pages:workflow_action", args=[draft.pk, "approve", task_state.pk]
    )
    signed_in("trainer").post(approve_url)
    task_state.refresh_from_db()
    assert task_state.status == "in_progress"
    assert signed_in("manager").post(approve_url).status_code == 302

    page = CaseStudyPage.objects.get(pk=draft.pk)
    assert page.live and str(page.sections[0].value) == TEXT
    assert page.revisions.count() >= 3  # the draft, the trainer's edits, the submission
    task_state.refresh_from_db()
    assert task_state.status == "approved" and task_state.finished_by == staff["manager"]

    client.logout()
    client.force_login(staff["agent"])  # any signed-in member of staff
    response = client.get(page.url)
    assert response.status_code == 200 and TEXT in response.content.decode()


def test_a_general_manager_may_publish_directly(library, staff, signed_in):
    draft = new_case_study(library, user=staff["trainer"], text="初稿")
    response = editor_post(signed_in("gm"), draft, "publish", [("what_happened", TEXT)])
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.live
