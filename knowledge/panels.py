"""Editor panels: the personal-data check on every knowledge page, and the link back to the
source case (staff only: the editor is the one place it appears)."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import Panel


class PersonalDataPanel(Panel):
    """What the scrubber still finds on the page being edited, block by block."""

    def __init__(self, **kwargs):
        kwargs.setdefault("heading", _("Personal-data check"))
        super().__init__(**kwargs)

    class BoundPanel(Panel.BoundPanel):
        template_name = "knowledge/panels/personal_data.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["findings"] = self.instance.personal_data_findings()
            return context


class SourceCasePanel(Panel):
    """The closed case a case study was drafted from, linked to its back-office screen."""

    def __init__(self, **kwargs):
        kwargs.setdefault("heading", _("Source case"))
        super().__init__(**kwargs)

    class BoundPanel(Panel.BoundPanel):
        template_name = "knowledge/panels/source_case.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            page = self.instance
            url = ""
            if page.source_case_id:
                try:
                    url = reverse("cases:inspect", args=[page.source_case_id])
                except NoReverseMatch:  # the back office is not mounted (a bare test setup)
                    url = ""
            context.update(
                case_id=page.source_case_id,
                reference=page.source_case_reference,
                category_code=page.category_code,
                case_url=url,
            )
            return context
