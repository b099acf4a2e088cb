"""Draft a case study from a closed case: every text scrubbed, the result a draft for a trainer.

The case's own values (complainant, contacts, cards, order numbers, every member of staff who
touched the case) are removed in whatever formatting they reappear in, then the scrubber's
patterns catch the rest. Store names, products, amounts, dates and role words stay: they are
what makes a case teach something.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from backoffice.choices import CompensationKind, Validity
from backoffice.training import CaseStudySource, TimelineText
from knowledge.scrubber import find_pii, scrub

SUMMARY_LENGTH = 120
TITLE_LENGTH = 40


def _is_plain_name(piece: str) -> bool:
    """A staff-involved entry that is a bare name ("张三", "Emily Chen"), not a description."""
    return not re.search(r"[0-9@]", piece) and len(piece) <= 30


def known_for_scrubber(known: Mapping[str, tuple[str, ...]]) -> dict[str, list[str]]:
    """The scrubber's `known` mapping from a CaseStudySource's: the free text of "staff
    involved" ("营业员张三、李四") becomes names (张三, 李四), so role words stay in the text."""
    result = {kind: list(values) for kind, values in known.items() if kind != "staff_involved"}
    staff = result.setdefault("staff_names", [])
    for piece in known.get("staff_involved", ()):
        names = [f.text for f in find_pii(piece) if f.kind == "name"]
        if names:
            # 小王/老王 carries no given name to match on: the scrubber finds it by pattern.
            staff += [n for n in names if not (len(n) == 2 and n[0] in "小老")]
        elif _is_plain_name(piece):
            staff.append(piece)
    return result


class _Scrubber:
    """Scrubs with the case's own values; the case's reference (in system messages such as
    "We have accepted your complaint 2K4B-U6SM") becomes a neutral placeholder as well, so a
    reader cannot look the case up."""

    def __init__(self, source: CaseStudySource) -> None:
        self.known = known_for_scrubber(source.known)
        self.reference = re.compile(re.escape(source.reference), re.IGNORECASE)
        english = source.language.startswith("en")
        self.reference_placeholder = "[reference]" if english else "[投诉编号]"

    def __call__(self, text: str) -> str:
        text = self.reference.sub(self.reference_placeholder, text or "")
        return scrub(text, self.known)[0].strip()


def _first_sentence(text: str, limit: int) -> str:
    sentence = re.split(r"(?<=[。！？!?])|(?<=\.)\s|\n", text.strip(), maxsplit=1)[0].strip()
    return sentence if len(sentence) <= limit else sentence[: limit - 1].rstrip() + "…"


def _label(choices, value: str) -> str:
    return str(dict(choices.choices).get(value, value)) if value else ""


def _colon() -> str:
    """The colon of the draft's language (the draft is written under translation.override)."""
    return "：" if (translation.get_language() or "").startswith("zh") else ": "


def _lines(pairs) -> str:
    colon = _colon()
    return "\n".join(f"{label}{colon}{value}" for label, value in pairs if value)


def _timeline(entries: tuple[TimelineText, ...], clean) -> str:
    return "\n".join(f"{entry.at:%Y-%m-%d} · {clean(entry.text)}" for entry in entries)


def _titled(title: str, entries: tuple[TimelineText, ...], clean) -> str:
    return f"{title}\n{_timeline(entries, clean)}" if entries else ""


def _sections(source: CaseStudySource, clean) -> list[tuple[str, str]]:
    """(block type, text) for each section the case can fill; empty ones are left out for the
    trainer to write (what went well, the phrases, the policy)."""
    compensation = _label(CompensationKind, source.compensation_kind)
    if source.compensation_amount is not None:
        compensation = f"{compensation} ¥{source.compensation_amount}".strip()
    # Category, severity and channel are shown beside the sections, from the page's own fields.
    background = _lines(
        [
            (_("Store"), source.store_name),
            (_("Product"), clean(source.product)),
            (_("Received"), f"{source.received_on:%Y-%m-%d}" if source.received_on else ""),
        ]
    )
    what_happened = "\n\n".join(
        part
        for part in (
            clean(source.description),
            _lines([(_("The customer asked for"), clean(source.customer_demand))]),
        )
        if part
    )
    handling = "\n\n".join(
        part
        for part in (
            _lines(
                [
                    (_("Proposed resolution"), clean(source.resolution)),
                    (_("Compensation"), compensation),
                ]
            ),
            _titled(_("What the customer was told and said:"), source.customer_timeline, clean),
            _titled(_("Internal notes:"), source.internal_timeline, clean),
        )
        if part
    )
    outcome = _lines(
        [
            (_("The customer's answer"), clean(source.customer_answer)),
            (
                _("Satisfaction at the follow-up call"),
                f"{source.satisfaction}/5" if source.satisfaction else "",
            ),
            (_("Closed as"), _label(Validity, source.validity)),
            (_("Closed on"), f"{source.closed_on:%Y-%m-%d}" if source.closed_on else ""),
        ]
    )
    do_differently = _lines(
        [
            (_("Cause"), clean(source.cause)),
            (_("Corrective action"), clean(source.corrective_action)),
            (_("Prevention"), clean(source.prevention)),
        ]
    )
    return [
        (kind, text)
        for kind, text in (
            ("background", background),
            ("what_happened", what_happened),
            ("handling", handling),
            ("outcome", outcome),
            ("do_differently", do_differently),
        )
        if text
    ]


def _free_slug(parent, base: str) -> str:
    taken = set(parent.get_children().values_list("slug", flat=True))
    n = parent.get_children().count() + 1
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


@transaction.atomic
def draft_case_study(*, source: CaseStudySource, user):
    """Create a draft (never live) CaseStudyPage from `source` under the library in the case's
    language, with one revision by `user`. Every text is scrubbed with the case's own values;
    category, severity and channel are copied as plain values; the source case is recorded in
    fields only the editor shows. Returns the page."""
    from knowledge.models import CaseStudyPage
    from knowledge.setup import knowledge_index_for

    clean = _Scrubber(source)
    with translation.override(source.language):
        description = clean(source.description)
        headline = _first_sentence(description, TITLE_LENGTH).rstrip("。.！!？?")
        title = f"{source.category_name}{_colon()}{headline}" if source.category_name else headline
        page = CaseStudyPage(
            title=title or _("Case study"),
            summary=_first_sentence(description, SUMMARY_LENGTH),
            category_name=source.category_name,
            category_code=source.category_code,
            severity=source.severity,
            channel=source.channel,
            sections=_sections(source, clean),
            source_case_id=source.case_pk,
            source_case_reference=source.reference,
            live=False,
            owner=user,
        )
    index = knowledge_index_for(source.language)
    page.slug = _free_slug(index, "case-study")
    index.add_child(instance=page)
    page.save_revision(user=user, log_action=True)
    return page
