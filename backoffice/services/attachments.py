"""Evidence files. Checked by content (libmagic), not by the name or the browser's claim."""

from __future__ import annotations

from pathlib import Path

import magic

from django.conf import settings
from django.utils.translation import gettext as _

from backoffice.models import CaseAttachment, CaseEvent
from backoffice.services.errors import CaseActionError

# Allowed content types and the file endings that may carry them.
ALLOWED_TYPES: dict[str, tuple[str, ...]] = {
    "image/jpeg": (".jpg", ".jpeg"),
    "image/png": (".png",),
    "image/webp": (".webp",),
    "image/heic": (".heic",),
    "application/pdf": (".pdf",),
    "video/mp4": (".mp4",),
    "video/quicktime": (".mov",),
}
MAX_IMAGE_PIXELS = 40_000_000  # 40 megapixels: bigger is a decompression bomb, not a photo


def check_upload(upload) -> str:
    """Return the detected content type, or raise CaseActionError with a message for the
    customer. Reads the file's first bytes; the file position is restored."""
    name = getattr(upload, "name", "") or ""
    size = getattr(upload, "size", 0) or 0
    limit_mb = settings.UPLOAD_MAX_BYTES // (1024 * 1024)
    if size <= 0:
        raise CaseActionError(_("“%(name)s” is empty.") % {"name": name})
    if size > settings.UPLOAD_MAX_BYTES:
        raise CaseActionError(
            _("“%(name)s” is larger than %(limit)d MB.") % {"name": name, "limit": limit_mb}
        )
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    detected = magic.from_buffer(head, mime=True)
    suffix = Path(name).suffix.lower()
    if detected not in ALLOWED_TYPES or suffix not in ALLOWED_TYPES[detected]:
        raise CaseActionError(
            _(
                "“%(name)s” is not a photo (JPG, PNG, WebP, HEIC), a PDF or a short video (MP4, MOV)."
            )
            % {"name": name}
        )
    if detected.startswith("image/") and detected != "image/heic":
        _check_image(upload, name)
    return detected


def _check_image(upload, name: str) -> None:
    from PIL import Image

    try:
        with Image.open(upload) as image:
            width, height = image.size
            image.verify()
    except Exception as error:
        raise CaseActionError(_("“%(name)s” is not a readable image.") % {"name": name}) from error
    finally:
        upload.seek(0)
    if width * height > MAX_IMAGE_PIXELS or width < 16 or height < 16:
        raise CaseActionError(
            _("“%(name)s” has unusual dimensions (%(w)d×%(h)d).")
            % {"name": name, "w": width, "h": height}
        )


def attachment_add(*, case, upload, actor) -> CaseAttachment:
    """Attach a checked file to the case and note it on the timeline."""
    from backoffice.services.cases import _event, _user
    from backoffice.workflow import CUSTOMER

    content_type = check_upload(upload)
    attachment = CaseAttachment(
        case=case,
        original_name=Path(upload.name).name[:200],
        content_type=content_type,
        size=upload.size,
        uploaded_by=_user(actor),
        from_customer=actor == CUSTOMER,
    )
    attachment.file.save(upload.name, upload, save=False)
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
