"""Personal data left on a knowledge page: where it is, what kind, and the editor's errors.

A page lists the fields to check (`personal_data_fields`); StreamFields are walked block by
block, so a finding says "What happened (2)" or "Phrases to avoid (5) › 1 › say instead", and
the editor can mark the very block that holds it. Detection is `knowledge.scrubber.find_pii`
(patterns only: the case's own values were removed when the draft was made).
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.html import strip_tags
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.blocks.list_block import ListBlockValidationError
from wagtail.blocks.stream_block import StreamBlockValidationError
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.rich_text import RichText

from knowledge.scrubber import PLACEHOLDERS, PLACEHOLDERS_EN, find_pii

KIND_LABELS = {
    "name": _("a person's name"),
    "phone": _("a phone number"),
    "email": _("an e-mail address"),
    "id_number": _("an ID-card number"),
    "bank_card": _("a bank-card number"),
    "member_card": _("a member-card number"),
    "order_number": _("an order number"),
    "licence_plate": _("a licence plate"),
    "chat_handle": _("a chat handle"),
    "address": _("a street address"),
}

# A step into a StreamField value: ("stream", index), ("struct", child name) or ("list", index).
Step = tuple[str, Any]


@dataclass(frozen=True)
class PageFinding:
    field: str  # the form field holding it
    steps: tuple[Step, ...]  # where inside a StreamField; () for a plain field
    place: tuple[str, ...]  # for people: ("Sections", "What happened (2)")
    kind: str
    text: str

    @property
    def where(self) -> str:
        """The field and the blocks: "Sections › What happened (2)"."""
        return " › ".join(self.place)

    @property
    def inside(self) -> str:
        """The blocks within the field ("What happened (2)"), or the field itself."""
        return " › ".join(self.place[1:]) or self.place[0]

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS.get(self.kind, self.kind))


@dataclass(frozen=True)
class _Text:
    field: str
    steps: tuple[Step, ...]
    place: tuple[str, ...]
    text: str


def _plain(value: Any) -> str:
    if isinstance(value, RichText):
        return html.unescape(strip_tags(value.source))
    return value if isinstance(value, str) else ""


def _block_texts(block, value, field, steps, where) -> Iterator[_Text]:
    if isinstance(block, blocks.StreamBlock):
        for i, child in enumerate(value or []):
            label = f"{child.block.label} ({i + 1})"
            yield from _block_texts(
                child.block, child.value, field, (*steps, ("stream", i)), [*where, label]
            )
    elif isinstance(block, blocks.StructBlock):
        for name, child_block in block.child_blocks.items():
            yield from _block_texts(
                child_block,
                (value or {}).get(name),
                field,
                (*steps, ("struct", name)),
                [*where, str(child_block.label)],
            )
    elif isinstance(block, blocks.ListBlock):
        for i, item in enumerate(value or []):
            yield from _block_texts(
                block.child_block, item, field, (*steps, ("list", i)), [*where, str(i + 1)]
            )
    else:
        text = _plain(value)
        if text.strip():
            yield _Text(field, tuple(steps), tuple(where), text)


def page_texts(model, values: Mapping[str, Any]) -> Iterator[_Text]:
    """Every text of `values` (field name → value, as on the page or in a form's cleaned data)
    for the fields the model checks, with where each one is."""
    for name in model.personal_data_fields:
        if name not in values:
            continue
        value = values[name]
        field = model._meta.get_field(name)
        label = capfirst(str(field.verbose_name))
        stream_block = getattr(field, "stream_block", None)
        if stream_block is not None:
            yield from _block_texts(stream_block, value, name, (), [label])
        elif name == "tags":
            names = [getattr(tag, "name", tag) for tag in value or []]
            if names:
                yield _Text(name, (), (label,), "，".join(str(n) for n in names))
        else:
            text = _plain(value)
            if text.strip():
                yield _Text(name, (), (label,), text)


def find_in_texts(texts: Iterable[_Text]) -> list[PageFinding]:
    return [
        PageFinding(t.field, t.steps, t.place, f.kind, f.text)
        for t in texts
        for f in find_pii(t.text)
    ]


def page_values(page) -> dict[str, Any]:
    """The checked fields of a page instance (a draft revision or the live page)."""
    values = {}
    for name in page.personal_data_fields:
        if name == "tags":
            values[name] = [tag.name for tag in page.tags.all()]
        else:
            values[name] = getattr(page, name)
    return values


def page_findings(page) -> list[PageFinding]:
    return find_in_texts(page_texts(type(page), page_values(page)))


def placeholder_for(kind: str, language: str) -> str:
    english = (language or "").startswith("en")
    if kind == "name":
        return "[customer]/[staff]" if english else "[顾客]/[员工]"
    return (PLACEHOLDERS_EN if english else PLACEHOLDERS)[kind]


def finding_message(finding: PageFinding, language: str) -> str:
    return str(
        _("Personal data: %(kind)s, “%(text)s”. Remove it or write %(placeholder)s instead.")
    ) % {
        "kind": finding.kind_label,
        "text": finding.text,
        "placeholder": placeholder_for(finding.kind, language),
    }


_ERROR_CLASSES = {
    "stream": StreamBlockValidationError,
    "struct": StructBlockValidationError,
    "list": ListBlockValidationError,
}


def _error_tree(items: list[tuple[tuple[Step, ...], str]]) -> ValidationError:
    """Nest messages along their steps into the block errors Wagtail's editor shows in place."""
    here = [message for steps, message in items if not steps]
    below: dict[Any, list] = {}
    container = None
    for steps, message in items:
        if steps:
            container = steps[0][0]
            below.setdefault(steps[0][1], []).append((steps[1:], message))
    if not below:
        return ValidationError(here)
    error_class = _ERROR_CLASSES[container]
    return error_class(
        block_errors={key: _error_tree(sub) for key, sub in below.items()},
        non_block_errors=here or None,
    )


def finding_summary(finding: PageFinding) -> str:
    """One finding for the list at the top of the editor, where Wagtail already names the
    field: "What happened (2): a phone number “139…”"."""
    return f"{finding.inside}: {finding.kind_label} “{finding.text}”"


def form_errors(findings: list[PageFinding], language: str) -> dict[str, ValidationError]:
    """field name → the error to add to the editor's form for these findings. Inside a
    StreamField the messages sit on the very blocks; the field's own message (the one Wagtail
    lists at the top of the editor) names the blocks, instead of "Validation error in
    StreamBlock"."""
    by_field: dict[str, list[PageFinding]] = {}
    for finding in findings:
        by_field.setdefault(finding.field, []).append(finding)
    errors = {}
    for field, found in by_field.items():
        error = _error_tree([(f.steps, finding_message(f, language)) for f in found])
        if any(f.steps for f in found):
            error.message = "; ".join(finding_summary(f) for f in found)
        errors[field] = error
    return errors
