"""Nothing with personal data on it goes live: not by submitting, publishing, approving, nor
by any other publishing path. The trainer sees what was found and where."""

import pytest

from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.urls import reverse

from knowledge.blocks import RecommendedPhraseBlock
from knowledge.models import CaseStudyPage, PersonalDataRemains
from knowledge.setup import ensure_case_study_workflow
from knowledge.wagtail_hooks import refuse_publishing_personal_data
from tests.knowledge.editor import editor_post, found, kind, new_case_study, stream_errors

pytestmark = pytest.mark.django_db

WITH_PHONE = "顾客到服务台要求退款，留下电话 139 1234 5678。"
CLEAN = "顾客到服务台要求退款，留下了联系电话。"


@pytest.fixture
def draft(library, staff):
    return new_case_study(library, user=staff["trainer"], text=CLEAN)


def test_a_phone_number_blocks_publishing_until_it_is_edited_away(draft, signed_in):
    manager = signed_in("manager")
    refused = editor_post(manager, draft, "publish", [("what_happened", WITH_PHONE)])
    assert refused.status_code == 200  # the editor again, with the errors
    html = refused.content.decode()
    # At the top: where and what; on the block itself: what to write instead.
    assert found("what_happened", 1, "phone", "139 1234 5678") in html
    (message,) = stream_errors(html)["blockErrors"]["0"]["messages"]
    assert "139 1234 5678" in message and "[电话]" in message
    draft.refresh_from_db()
    assert not draft.live

    published = editor_post(manager, draft, "publish", [("what_happened", CLEAN)])
    assert published.status_code == 302
    draft.refresh_from_db()
    assert draft.live and str(draft.sections[0].value) == CLEAN


def test_the_trainer_cannot_submit_with_personal_data_and_sees_where_it_is(draft, signed_in):
    trainer = signed_in("trainer")
    refused = editor_post(
        trainer,
        draft,
        "submit",
        [("background", "望京门店。"), ("what_happened", WITH_PHONE)],
    )
    assert refused.status_code == 200
    draft.refresh_from_db()
    assert draft.current_workflow_state is None
    # The error is attached to the second block (what happened), not the first.
    html = refused.content.decode()
    assert list(stream_errors(html)["blockErrors"]) == ["1"]
    assert found("what_happened", 2, "phone", "139 1234 5678") in html

    submitted = editor_post(trainer, draft, "submit", [("what_happened", CLEAN)])
    assert submitted.status_code == 302
    draft.refresh_from_db()
    assert draft.current_workflow_state.status == "in_progress"


def test_saving_a_draft_is_allowed_and_the_panel_lists_the_finding(draft, signed_in):
    trainer = signed_in("trainer")
    saved = editor_post(trainer, draft, "save", [("what_happened", WITH_PHONE)])
    assert saved.status_code == 302
    draft.refresh_from_db()
    assert draft.revisions.count() == 2 and not draft.live
    editor = trainer.get(reverse("wagtailadmin_pages:edit", args=[draft.pk])).content.decode()
    assert "data-personal-data-check" in editor
    assert found("what_happened", 1, "phone", "139 1234 5678") in editor.replace("</strong>", "")


def test_names_e_mail_and_tags_are_checked_too(draft, signed_in):
    refused = editor_post(
        signed_in("manager"),
        draft,
        "publish",
        [("outcome", "Please write to the customer at jane.doe@example.com.")],
        title="顾客王小明的退款",
        tags="退款, 张先生",
    )
    html = refused.content.decode()
    assert refused.status_code == 200
    assert "王小明" in html and kind("name") in html  # the title
    assert found("outcome", 1, "email", "jane.doe@example.com") in html
    draft.refresh_from_db()
    assert not draft.live


def test_the_before_publish_page_hook_sends_the_page_back_to_the_editor(draft, staff):
    request = RequestFactory().post("/")
    request.user = staff["manager"]
    request.session = {}
    request._messages = FallbackStorage(request)

    assert refuse_publishing_personal_data(request, draft) is None  # clean: publishing goes on

    draft.sections = [("what_happened", WITH_PHONE)]
    response = refuse_publishing_personal_data(request, draft)
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[draft.pk])
    (message,) = list(request._messages)
    assert found("what_happened", 1, "phone") in str(message)
    assert "139" not in str(message)  # messages travel in the session: no personal data


def test_every_other_publishing_path_is_refused(draft, staff):
    draft.sections = [("what_happened", WITH_PHONE)]
    revision = draft.save_revision(user=staff["trainer"])
    with pytest.raises(PersonalDataRemains) as refused:
        revision.publish(user=staff["manager"])
    assert refused.value.findings[0].kind == "phone"
    draft.refresh_from_db()
    assert not draft.live


def test_approval_is_refused_while_personal_data_remains(draft, staff, signed_in):
    draft.sections = [("what_happened", WITH_PHONE)]
    draft.save_revision(user=staff["trainer"])
    # Submitted before the edit (a reviewer could also type it in during moderation).
    workflow = ensure_case_study_workflow()
    workflow.start(draft, staff["trainer"])
    task_state = draft.current_workflow_task_state

    # In the editor: the form refuses, nothing is approved.
    manager = signed_in("manager")
    refused = editor_post(manager, draft, "approve", [("what_happened", WITH_PHONE)])
    assert refused.status_code == 200
    task_state.refresh_from_db()
    assert task_state.status == "in_progress"

    # Through the dashboard's approve button: refused as well, and rolled back.
    with pytest.raises(PersonalDataRemains):
        task_state.task.specific.on_action(task_state, staff["manager"], "approve")
    task_state.refresh_from_db()
    draft.refresh_from_db()
    assert task_state.status == "in_progress" and not draft.live

    # Approving with the phone number removed publishes.
    approved = editor_post(manager, draft, "approve", [("what_happened", CLEAN)])
    assert approved.status_code == 302
    draft.refresh_from_db()
    assert draft.live


def test_a_recommended_phrase_must_address_the_customer_as_nin():
    block = RecommendedPhraseBlock()
    with pytest.raises(ValidationError):
        block.clean(block.to_python({"phrase": "你好，请问你需要什么帮助？", "note": ""}))
    value = block.clean(block.to_python({"phrase": "您好，请问有什么可以帮您？", "note": ""}))
    assert value["phrase"].startswith("您好")


def test_published_pages_keep_their_revisions(draft, signed_in):
    manager = signed_in("manager")
    editor_post(manager, draft, "publish", [("what_happened", CLEAN)])
    editor_post(manager, draft, "publish", [("what_happened", CLEAN + "经理当场道歉。")])
    assert CaseStudyPage.objects.get(pk=draft.pk).revisions.count() == 3
