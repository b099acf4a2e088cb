"""Evidence files. What may be stored is decided by `backoffice.services.uploads.clean_upload`
(type by content, photos redrawn without metadata, PDFs without active content); this module
stores the cleaned file on the case."""

from __future__ import annotations

from backoffice.models import CaseAttachment, CaseEvent
from backoffice.services.uploads import clean_upload


def attachment_add(*, case, upload, actor) -> CaseAttachment:
    """Attach the cleaned `upload` to the case and note it on the timeline. Raises
    CaseActionError (with a message naming the file) when the file may not be stored."""
    from backoffice.services.cases import _event, _user
    from backoffice.workflow import CUSTOMER

    clean = clean_upload(upload)
    attachment = CaseAttachment(
        case=case,
        original_name=clean.name[:200],
        content_type=clean.content_type,
        size=clean.size,
        uploaded_by=_user(actor),
        from_customer=actor == CUSTOMER,
    )
    attachment.file.save(clean.name, clean, save=False)
    attachment.save()
    _event(
        case,
        CaseEvent.Kind.ATTACHMENT,
        actor,
        attachment.original_name,
        customer_visible=actor == CUSTOMER,
        data={"attachment": attachment.pk},
    )
    return attachment
