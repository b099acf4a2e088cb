"""The editor's form for knowledge pages: personal data blocks submitting, publishing and
approving, and is marked on the block that holds it. Saving a draft stays possible, so a trainer
never loses work."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from wagtail.admin.forms import WagtailAdminPageForm

from knowledge.findings import find_in_texts, form_errors, page_texts


def publishes_or_submits(data) -> bool:
    """True when the editor's button asks to publish, to submit for moderation, or to approve
    (our one-task workflow publishes on approval)."""
    return bool(
        data.get("action-publish")
        or data.get("action-submit")
        or data.get("action-restart-workflow")
        or (data.get("action-workflow-action") and data.get("workflow-action-name") == "approve")
    )


class KnowledgePageForm(WagtailAdminPageForm):
    def clean(self):
        cleaned = super().clean()
        if not publishes_or_submits(self.data):
            return cleaned
        model = type(self.instance)
        values = {name: cleaned[name] for name in model.personal_data_fields if name in cleaned}
        findings = find_in_texts(page_texts(model, values))
        if not findings:
            return cleaned
        language = getattr(getattr(self.instance, "locale", None), "language_code", "")
        if not language and self.parent_page is not None:
            language = self.parent_page.locale.language_code
        for field, error in form_errors(findings, language).items():
            self.add_error(field if field in self.fields else None, error)
        self.add_error(
            None,
            ValidationError(
                _(
                    "Personal data was found in %(count)s place(s). Remove it before submitting "
                    "for moderation or publishing; saving a draft is still possible."
                )
                % {"count": len(findings)}
            ),
        )
        return cleaned
