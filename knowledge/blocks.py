"""StreamField blocks of the knowledge pages: case-study sections, service phrases, guides.

Narrative sections are plain text (TextBlock), not rich text: the personal-data check then
reads exactly what visitors read, and a trainer cannot hide a phone number in a link.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError

# The narrative sections of a case study, in the order a reader expects them.
NARRATIVE_SECTIONS: dict[str, object] = {
    "background": _("Background"),
    "what_happened": _("What happened"),
    "handling": _("How it was handled"),
    "outcome": _("The outcome"),
    "went_well": _("What went well"),
    "do_differently": _("What to do differently"),
}


class RecommendedPhraseBlock(blocks.StructBlock):
    """A phrase that works. DOMAIN.md: begin with 请, always 您, end with 再见; a recommended
    Chinese phrase that says 你 to the customer is refused."""

    phrase = blocks.TextBlock(label=_("phrase"), rows=2)
    note = blocks.CharBlock(label=_("when to use it and why it works"), required=False)

    class Meta:
        icon = "openquote"
        label = _("recommended phrase")

    def clean(self, value):
        value = super().clean(value)
        if "你" in value.get("phrase", ""):
            raise StructBlockValidationError(
                block_errors={
                    "phrase": ValidationError(
                        _("Address the customer as 您, never 你, in a recommended phrase.")
                    )
                }
            )
        return value


class PhraseToAvoidBlock(blocks.StructBlock):
    phrase = blocks.TextBlock(label=_("phrase to avoid"), rows=2)
    why = blocks.CharBlock(label=_("why it hurts"), required=False)
    instead = blocks.TextBlock(label=_("say instead"), required=False, rows=2)

    class Meta:
        icon = "warning"
        label = _("phrase to avoid")


class PolicyReferenceBlock(blocks.StructBlock):
    """The section of the published complaint policy the case illustrates."""

    page = blocks.PageChooserBlock(label=_("policy page"), required=False)
    section = blocks.CharBlock(label=_("section"))
    summary = blocks.TextBlock(label=_("what it says"), required=False, rows=3)

    class Meta:
        icon = "doc-full"
        label = _("policy section")
        template = "knowledge/blocks/policy.html"


class CaseStudySectionsBlock(blocks.StreamBlock):
    background = blocks.TextBlock(label=NARRATIVE_SECTIONS["background"], icon="doc-empty")
    what_happened = blocks.TextBlock(label=NARRATIVE_SECTIONS["what_happened"], icon="pick")
    handling = blocks.TextBlock(label=NARRATIVE_SECTIONS["handling"], icon="tasks")
    outcome = blocks.TextBlock(label=NARRATIVE_SECTIONS["outcome"], icon="flag")
    went_well = blocks.TextBlock(label=NARRATIVE_SECTIONS["went_well"], icon="success")
    do_differently = blocks.TextBlock(label=NARRATIVE_SECTIONS["do_differently"], icon="redirect")
    phrases_that_worked = blocks.ListBlock(
        RecommendedPhraseBlock(),
        label=_("Service phrases that worked"),
        icon="openquote",
        template="knowledge/blocks/phrases_that_worked.html",
    )
    phrases_to_avoid = blocks.ListBlock(
        PhraseToAvoidBlock(),
        label=_("Phrases to avoid"),
        icon="warning",
        template="knowledge/blocks/phrases_to_avoid.html",
    )
    policy = PolicyReferenceBlock(label=_("Policy section it illustrates"))


class SituationBlock(blocks.StructBlock):
    """One situation of the phrase library with what to say and what never to say."""

    situation = blocks.CharBlock(label=_("situation"))
    recommended = blocks.ListBlock(RecommendedPhraseBlock(), label=_("recommended phrases"))
    avoid = blocks.ListBlock(PhraseToAvoidBlock(), label=_("phrases to avoid"), min_num=0)

    class Meta:
        icon = "openquote"
        label = _("situation")
        template = "knowledge/blocks/situation.html"


class PhraseLibraryBlock(blocks.StreamBlock):
    situation = SituationBlock()


class ListSectionBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("title"))
    entries = blocks.ListBlock(blocks.TextBlock(label=_("item"), rows=2), label=_("items"))


class StepsBlock(ListSectionBlock):
    class Meta:
        icon = "list-ol"
        label = _("numbered steps")
        template = "knowledge/blocks/steps.html"


class PointsBlock(ListSectionBlock):
    class Meta:
        icon = "list-ul"
        label = _("points")
        template = "knowledge/blocks/points.html"


class TaboosBlock(ListSectionBlock):
    class Meta:
        icon = "warning"
        label = _("taboos")
        template = "knowledge/blocks/taboos.html"


class GuideBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(
        label=_("heading"), icon="title", template="knowledge/blocks/heading.html"
    )
    paragraph = blocks.TextBlock(
        label=_("paragraph"), icon="pilcrow", template="knowledge/blocks/paragraph.html"
    )
    steps = StepsBlock()
    points = PointsBlock()
    taboos = TaboosBlock()
