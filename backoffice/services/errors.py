from __future__ import annotations

from django.utils.translation import gettext_lazy as _


class CaseActionError(Exception):
    """A refused action: nothing was changed. `message` is for the person who tried it (already
    translated), `field_errors` maps form fields to their messages."""

    def __init__(self, message, field_errors: dict | None = None) -> None:
        super().__init__(str(message))
        self.message = message
        self.field_errors = field_errors or {}


class CaseConflict(CaseActionError):
    """Somebody else changed the case since the form was opened."""

    def __init__(self) -> None:
        super().__init__(
            _(
                "Someone else changed this case while you were working on it. "
                "Nothing was saved: reload the case, check their change and try again."
            )
        )
