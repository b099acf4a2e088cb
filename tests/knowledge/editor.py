"""Posting Wagtail's page editor as a browser would, for knowledge pages."""

from django.urls import reverse

from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from knowledge.models import CaseStudyPage, KnowledgeIndexPage

ACTIONS = {
    "save": {},
    "publish": {"action-publish": "action-publish"},
    "submit": {"action-submit": "action-submit"},
    "approve": {"action-workflow-action": "true", "workflow-action-name": "approve"},
}


def editor_post(client, page: CaseStudyPage, action: str, sections, **fields):
    """POST the edit form of `page` with `sections` ([(block type, text)]) and `action`."""
    data = {
        "title": page.title,
        "slug": page.slug,
        "summary": page.summary,
        "category_name": page.category_name,
        "severity": page.severity,
        "channel": page.channel,
        "tags": "",
        "sections": streamfield(sections),
        "seo_title": "",
        "search_description": "",
        "comments": inline_formset([]),
    }
    data.update(fields)
    post = nested_form_data(data)
    post.update(ACTIONS[action])
    return client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), post)


def new_case_study(library: KnowledgeIndexPage, *, user, text: str, title="退款被拒的教训"):
    """A draft case study (not live) with one "what happened" section."""
    page = CaseStudyPage(
        title=title,
        slug="draft-" + str(CaseStudyPage.objects.count() + 1),
        summary="",
        category_name="价格/折扣",
        category_code="price_billing",
        severity="general",
        channel="walk_in",
        sections=[("what_happened", text)],
        live=False,
        owner=user,
    )
    library.add_child(instance=page)
    page.save_revision(user=user)
    return page


def stream_errors(html: str, field: str = "sections") -> dict:
    """The errors the editor shows inside a StreamField (Wagtail passes them to its JavaScript
    as JSON): {"blockErrors": {"0": {"messages": [...]}}} or {} when there are none."""
    import json
    import re
    from html import unescape

    match = re.search(
        rf'<div id="{field}" data-block[^>]*data-w-block-arguments-value="([^"]*)"', html
    )
    assert match, f"no StreamField widget {field!r} in the page"
    _value, errors = json.loads(unescape(match.group(1)))
    return errors or {}


def found(section: str, position: int, kind: str, text: str | None = None) -> str:
    """How the editor names a finding in a case-study section, in the active language, as it
    appears in HTML: "What happened (1): a phone number “139 1234 5678”"."""
    from django.utils.html import escape

    from knowledge.blocks import NARRATIVE_SECTIONS
    from knowledge.findings import KIND_LABELS

    named = f"{NARRATIVE_SECTIONS[section]} ({position}): {KIND_LABELS[kind]}"
    return escape(f"{named} “{text}”" if text else named)


def kind(kind: str) -> str:
    from django.utils.html import escape

    from knowledge.findings import KIND_LABELS

    return escape(str(KIND_LABELS[kind]))
