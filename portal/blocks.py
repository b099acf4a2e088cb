"""StreamField blocks editors use on the public pages."""

from django.utils.translation import gettext_lazy as _

from wagtail import blocks


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("heading"))

    class Meta:
        icon = "title"
        template = "portal/blocks/heading.html"


class TimeLimitBlock(blocks.StructBlock):
    """One row of the published time limits (acknowledge within 24 h, ...)."""

    step = blocks.CharBlock(label=_("step"))
    limit = blocks.CharBlock(label=_("time limit"))
    note = blocks.CharBlock(label=_("note"), required=False)


class TimeLimitTableBlock(blocks.StructBlock):
    caption = blocks.CharBlock(label=_("caption"))
    rows = blocks.ListBlock(TimeLimitBlock(), label=_("rows"))

    class Meta:
        icon = "time"
        template = "portal/blocks/time_limits.html"


class StepsBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("title"))
    steps = blocks.ListBlock(blocks.TextBlock(label=_("step")), label=_("steps"))

    class Meta:
        icon = "list-ol"
        template = "portal/blocks/steps.html"


class QuestionBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("question"))
    answer = blocks.RichTextBlock(
        label=_("answer"), features=["bold", "italic", "link", "ol", "ul"]
    )

    class Meta:
        icon = "help"
        template = "portal/blocks/question.html"


class BodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label=_("paragraph"), features=["bold", "italic", "link", "ol", "ul", "h3"]
    )
    steps = StepsBlock()
    time_limits = TimeLimitTableBlock()
    question = QuestionBlock()
