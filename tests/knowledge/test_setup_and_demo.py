"""What migrate and the demo set up: the approval workflow, the roles' permissions, and demo
pages in both languages that pass their own personal-data check."""

import pytest

from django.contrib.auth.models import Group

from wagtail.models import GroupApprovalTask, Workflow

from knowledge.models import (
    CaseStudyPage,
    HandlingGuidePage,
    KnowledgeIndexPage,
    PhraseLibraryPage,
)
from knowledge.setup import WORKFLOW_NAME

pytestmark = pytest.mark.django_db


def test_migrate_creates_the_approval_workflow(db):
    workflow = Workflow.objects.get(name=WORKFLOW_NAME)
    task = GroupApprovalTask.objects.get(workflow_tasks__workflow=workflow)
    assert [g.name for g in task.groups.all()] == ["role:manager"]


def test_roles_carry_the_knowledge_permissions(staff):
    assert staff["trainer"].has_perm("knowledge.draft_case_study")
    assert staff["manager"].has_perm("knowledge.draft_case_study")
    assert staff["gm"].has_perm("knowledge.draft_case_study")
    assert not staff["agent"].has_perm("knowledge.draft_case_study")
    assert not staff["headoffice"].has_perm("knowledge.draft_case_study")
    for username in ("trainer", "manager", "gm", "headoffice", "oversight"):
        assert staff[username].has_perm("knowledge.view_recurring_causes"), username
    assert not staff["supervisor"].has_perm("knowledge.view_recurring_causes")
    trainer_group = Group.objects.get(name="role:trainer")
    assert trainer_group.permissions.filter(codename="draft_case_study").exists()


def test_demo_pages_exist_in_both_languages_as_translations(library):
    for model, count in (
        (KnowledgeIndexPage, 2),
        (CaseStudyPage, 6),
        (PhraseLibraryPage, 2),
        (HandlingGuidePage, 2),
    ):
        pages = model.objects.live()
        assert pages.count() == count, model
        assert {p.locale.language_code for p in pages} == {"zh-hans", "en"}
    english = KnowledgeIndexPage.objects.get(locale__language_code="en")
    assert library.get_translation(english.locale) == english
    assert not library.show_in_menus  # not in the public menu: it is staff-only


def test_demo_pages_pass_the_personal_data_check(library):
    for model in (KnowledgeIndexPage, CaseStudyPage, PhraseLibraryPage, HandlingGuidePage):
        for page in model.objects.all():
            assert page.personal_data_findings() == [], page.title


def test_chinese_phrases_follow_the_house_rules(library):
    phrases = PhraseLibraryPage.objects.get(locale__language_code="zh-hans")
    recommended = [
        item["phrase"] for block in phrases.situations for item in block.value["recommended"]
    ]
    assert recommended and all("你" not in phrase for phrase in recommended)
    assert any(phrase.startswith(("请", "您好")) for phrase in recommended)
    closing = phrases.situations[-1].value["recommended"]
    assert all(item["phrase"].rstrip("！!。").endswith("再见") for item in closing)


def test_loading_the_demo_again_changes_nothing(library):
    from demo.pages import load_pages

    before = CaseStudyPage.objects.count()
    load_pages()
    assert CaseStudyPage.objects.count() == before
    assert KnowledgeIndexPage.objects.count() == 2


def test_an_installation_with_the_english_workflow_name_is_renamed_not_doubled(db):
    from wagtail.models import GroupApprovalTask, Workflow

    from knowledge.setup import APPROVAL_TASK_NAME, ensure_case_study_workflow

    Workflow.objects.all().delete()
    GroupApprovalTask.objects.all().delete()
    old = Workflow.objects.create(name="Case study approval")
    GroupApprovalTask.objects.create(name="Manager approval")
    assert ensure_case_study_workflow().pk == old.pk
    assert list(Workflow.objects.values_list("name", flat=True)) == [WORKFLOW_NAME]
    assert list(GroupApprovalTask.objects.values_list("name", flat=True)) == [APPROVAL_TASK_NAME]
