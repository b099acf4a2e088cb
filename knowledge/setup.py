"""Where case studies live and who moderates them: the library page, its staff-only view
restriction, the "Case study approval" workflow and the trainers' and managers' page
permissions. Everything here is idempotent; post_migrate and the demo call it freely."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.db import connection, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from wagtail.models import (
    GroupApprovalTask,
    GroupPagePermission,
    Locale,
    Page,
    PageViewRestriction,
    Site,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from backoffice.choices import Role
from backoffice.roles import group_name

# Workflow and task names are data, shown as they are in both admin languages: so both.
WORKFLOW_NAME = "案例审核 · Case study approval"
APPROVAL_TASK_NAME = "经理审批 · Manager approval"
# The names before they were bilingual, so that an existing installation is renamed, not doubled.
EARLIER_NAMES = {WORKFLOW_NAME: "Case study approval", APPROVAL_TASK_NAME: "Manager approval"}
APPROVING_ROLE = Role.MANAGER
# Wagtail page permissions on the library (and so on every case study under it). Trainers draft
# and submit; only managers and general managers publish.
PAGE_PERMISSIONS: dict[str, tuple[str, ...]] = {
    Role.TRAINER: ("add", "change"),
    Role.MANAGER: ("add", "change", "publish"),
    Role.GENERAL_MANAGER: ("add", "change", "publish"),
}


def role_group(role: str) -> Group:
    return Group.objects.get_or_create(name=group_name(role))[0]


@transaction.atomic
def ensure_case_study_workflow() -> Workflow:
    """The one-task workflow: a manager approves, which publishes."""
    for model, name in ((Workflow, WORKFLOW_NAME), (GroupApprovalTask, APPROVAL_TASK_NAME)):
        if not model.objects.filter(name=name).exists():
            model.objects.filter(name=EARLIER_NAMES[name]).update(name=name)
    workflow, _created = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    task = GroupApprovalTask.objects.filter(name=APPROVAL_TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=APPROVAL_TASK_NAME)
    task.groups.add(role_group(APPROVING_ROLE))
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    return workflow


def restrict_to_staff(page: Page) -> None:
    """A login-only view restriction (children inherit it), unless the page has one already."""
    if not PageViewRestriction.objects.filter(page=page).exists():
        PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)


@transaction.atomic
def ensure_moderation(index: Page) -> None:
    """Assign the approval workflow (unless an administrator chose another) and give trainers
    and managers their page permissions on the library."""
    workflow = ensure_case_study_workflow()
    WorkflowPage.objects.get_or_create(page=index, defaults={"workflow": workflow})
    for role, kinds in PAGE_PERMISSIONS.items():
        group = role_group(role)
        for kind in kinds:
            permission = Permission.objects.get(
                content_type__app_label="wagtailcore", codename=f"{kind}_page"
            )
            GroupPagePermission.objects.get_or_create(
                group=group, page=index, permission=permission
            )


def _home_for(language: str) -> Page | None:
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        return None
    home = site.root_page
    locale = Locale.objects.filter(language_code=language).first()
    if locale is not None and home.locale_id != locale.pk:
        home = home.get_translation_or_none(locale) or home
    return home


@transaction.atomic
def create_knowledge_index(language: str):
    """A new, published, staff-only library under the site's home page in `language`."""
    from knowledge.models import KnowledgeIndexPage

    home = _home_for(language)
    if home is None:
        raise LookupError(_("There is no site to put the case-study library in."))
    with translation.override(language):
        index = KnowledgeIndexPage(
            title=_("Case-study library"),
            slug="knowledge",
            intro=_(
                "Anonymised complaints from our stores, with what we learned from them. "
                "For staff training."
            ),
            show_in_menus=False,
        )
    home.add_child(instance=index)
    index.save_revision().publish()
    restrict_to_staff(index)
    ensure_moderation(index)
    return index


def knowledge_index_for(language: str):
    """The library in `language`, else any library, else a new one (see create_knowledge_index)."""
    from knowledge.models import KnowledgeIndexPage

    indexes = KnowledgeIndexPage.objects.order_by("path")
    return (
        indexes.filter(locale__language_code=language).first()
        or indexes.first()
        or create_knowledge_index(language)
    )


def setup_after_migrate(**kwargs) -> None:
    """post_migrate: the workflow exists, and every library is moderated."""
    if "knowledge_knowledgeindexpage" not in connection.introspection.table_names():
        return  # knowledge migrated backwards: nothing to set up
    from knowledge.models import KnowledgeIndexPage

    ensure_case_study_workflow()
    for index in KnowledgeIndexPage.objects.all():
        ensure_moderation(index)
