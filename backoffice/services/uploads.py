"""What an uploaded file may be before anything stores it.

Every file a customer or staff member uploads passes `clean_upload`, the one place that judges
and rewrites uploads: the type is detected by content (libmagic) and must match the name's
ending; photos are decoded and encoded again by Pillow, which keeps the pixels and nothing else
(no EXIF with its GPS position, no XMP, no ICC profile or comments, nothing appended after the
image data such as HTML or a ZIP); PDFs are read by their structure (pypdf) and refused when
they carry scripts, automatic actions or embedded files, or are a web page behind a PDF header.
"""

from __future__ import annotations

import functools
import io
import warnings
from pathlib import Path

import magic

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import gettext as _

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
MIN_IMAGE_SIDE = 16
JPEG_QUALITY = 90  # visually lossless for evidence photos, about the size phones write

# Pillow's format → (the format it is written in, its content type, its ending). HEIC becomes
# JPEG: no staff browser shows HEIC, and Pillow reads it (pillow-heif) but JPEG is what we keep.
IMAGE_OUTPUT = {
    "JPEG": ("JPEG", "image/jpeg", None),
    "MPO": ("JPEG", "image/jpeg", None),  # a phone's JPEG with a second (depth) image appended
    "PNG": ("PNG", "image/png", None),
    "WEBP": ("WEBP", "image/webp", None),
    "HEIF": ("JPEG", "image/jpeg", ".jpg"),
}

# PDF names that make a reader run code, act on opening or carry other files. Found as keys
# (/OpenAction, /AA, /JS, /EmbeddedFiles, /XFA) or as values (/S /JavaScript, /S /Launch,
# /Type /EmbeddedFile, /Subtype /RichMedia), so both are checked.
PDF_ACTIVE_NAMES = frozenset(
    {
        "/JavaScript",
        "/JS",
        "/OpenAction",
        "/AA",
        "/Launch",
        "/EmbeddedFiles",
        "/EmbeddedFile",
        "/RichMedia",
        "/RichMediaContent",
        "/XFA",
        "/GoToE",
        "/SubmitForm",
        "/ImportData",
    }
)
# What a browser sniffing the first bytes would take for a web page.
HTML_MARKERS = (b"<html", b"<!doctype", b"<script", b"<head", b"<body", b"<iframe", b"<svg")


class CleanUpload(SimpleUploadedFile):
    """An upload that passed `clean_upload`: its content is what gets stored."""


def clean_upload(upload) -> CleanUpload:
    """The upload as it may be stored, or CaseActionError with a message for the person who
    sent it (in their language, naming the file). The upload itself is not changed."""
    if isinstance(upload, CleanUpload):
        return upload
    name = Path(getattr(upload, "name", "") or "").name
    size = getattr(upload, "size", 0) or 0
    limit = settings.UPLOAD_MAX_BYTES
    if size <= 0:
        raise CaseActionError(_("“%(name)s” is empty.") % {"name": name})
    if size > limit:
        raise CaseActionError(
            _("“%(name)s” is larger than %(limit)d MB.")
            % {"name": name, "limit": limit // (1024 * 1024)}
        )
    upload.seek(0)
    data = upload.read(limit + 1)
    upload.seek(0)
    detected = magic.from_buffer(data[:8192], mime=True)
    suffix = Path(name).suffix.lower()
    if detected not in ALLOWED_TYPES or suffix not in ALLOWED_TYPES[detected]:
        raise CaseActionError(
            _(
                "“%(name)s” is not a photo (JPG, PNG, WebP, HEIC), a PDF or a short video (MP4, MOV)."
            )
            % {"name": name}
        )
    if detected.startswith("image/"):
        data, detected, name = reencode_image(data, name)
    elif detected == "application/pdf":
        inspect_pdf(data, name)
    return CleanUpload(name, data, content_type=detected)


def reencode_image(data: bytes, name: str) -> tuple[bytes, str, str]:
    """(bytes, content type, name) of the photo drawn again from its pixels, upright."""
    from PIL import Image

    _register_heif()
    unreadable = _("“%(name)s” is not a readable image.") % {"name": name}
    try:
        with warnings.catch_warnings():
            # Pillow warns of a decompression bomb before it refuses one: refuse at the warning.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                width, height = image.size
                _check_dimensions(name, width, height)
                output = IMAGE_OUTPUT.get(image.format or "")
                if output is None:
                    raise CaseActionError(unreadable)
                image.seek(0)
                image.load()
                drawn = _pixels_only(image, output[0])
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise CaseActionError(_too_many_pixels(name)) from error
    except CaseActionError:
        raise
    except Exception as error:  # Pillow raises many kinds for damaged files
        raise CaseActionError(unreadable) from error
    image_format, content_type, suffix = output
    buffer = io.BytesIO()
    if image_format == "JPEG":
        drawn.save(buffer, "JPEG", quality=JPEG_QUALITY)
    elif image_format == "PNG":
        drawn.save(buffer, "PNG", optimize=False)
    else:
        drawn.save(buffer, "WEBP", quality=JPEG_QUALITY)
    if suffix:
        name = f"{Path(name).stem}{suffix}"
    return buffer.getvalue(), content_type, name


def _check_dimensions(name: str, width: int, height: int) -> None:
    if width * height > MAX_IMAGE_PIXELS:
        raise CaseActionError(_too_many_pixels(name))
    if width < MIN_IMAGE_SIDE or height < MIN_IMAGE_SIDE:
        raise CaseActionError(
            _("“%(name)s” has unusual dimensions (%(w)d×%(h)d).")
            % {"name": name, "w": width, "h": height}
        )


def _too_many_pixels(name: str) -> str:
    return _("“%(name)s” is too large an image: at most %(mp)d megapixels.") % {
        "name": name,
        "mp": MAX_IMAGE_PIXELS // 1_000_000,
    }


def _pixels_only(image, image_format: str):
    """A new image with the pixels of `image` turned upright, in sRGB, without its metadata."""
    from PIL import ImageCms, ImageOps

    upright = ImageOps.exif_transpose(image)
    if upright is None:  # exif_transpose returns None only with in_place=True
        upright = image
    icc = image.info.get("icc_profile")
    if icc and upright.mode in ("RGB", "RGBA"):
        # Colours stay right when the profile goes: wide-gamut phone photos become sRGB.
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            srgb = ImageCms.createProfile("sRGB")
            upright = ImageCms.profileToProfile(upright, source, srgb, outputMode=upright.mode)
        except Exception:
            pass  # an unreadable profile: keep the pixels as they are
    if upright.mode == "P" or (upright.mode == "LA" and image_format != "PNG"):
        upright = upright.convert("RGBA")
    if image_format == "JPEG" and upright.mode not in ("L", "RGB", "CMYK"):
        upright = upright.convert("RGB")
    elif image_format == "WEBP" and upright.mode not in ("RGB", "RGBA"):
        upright = upright.convert("RGBA" if "A" in upright.mode else "RGB")
    elif image_format == "PNG" and upright.mode not in ("1", "L", "LA", "I", "I;16", "RGB", "RGBA"):
        upright = upright.convert("RGBA")
    clean = upright.copy()
    clean.info = {}  # Pillow writes some of `info` back (PNG's ICC, JPEG's comment)
    return clean


@functools.cache
def _register_heif() -> None:
    try:
        import pillow_heif
    except ImportError:  # pragma: no cover - installed with Wagtail (Willow[heif])
        return
    pillow_heif.register_heif_opener()


def inspect_pdf(data: bytes, name: str) -> None:
    """Refuse a PDF that does not parse, carries active content or is a web page."""
    from pypdf import PdfReader
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

    body = data.split(b"\n", 1)[1] if b"\n" in data[:1024] else data[16:]
    head = body[:1024].lstrip().lower()
    if head.startswith(HTML_MARKERS) or magic.from_buffer(body[:8192], mime=True) == "text/html":
        raise CaseActionError(
            _("“%(name)s” is not a PDF: its content is a web page (HTML).") % {"name": name}
        )
    unreadable = _("“%(name)s” is not a readable PDF.") % {"name": name}
    active = _(
        "“%(name)s” contains scripts, automatic actions or embedded files, which we do not "
        "accept. Print it to a new PDF, or send a photo of it."
    ) % {"name": name}
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted and not reader.decrypt(""):
                raise CaseActionError(
                    _("“%(name)s” is protected by a password: send it without the protection.")
                    % {"name": name}
                )
            if reader.trailer.get("/Root") is None or len(reader.pages) < 1:
                raise CaseActionError(unreadable)
            # Every object: reachable from the trailer, and every numbered one in the file
            # (a reader that "repairs" a file may find objects the trailer does not lead to).
            pending: list = [reader.trailer]
            for generation, numbers in reader.xref.items():
                pending += [IndirectObject(n, generation, reader) for n in numbers]
            pending += [IndirectObject(n, 0, reader) for n in reader.xref_objStm]
            seen: set[tuple[int, int]] = set()
            while pending:
                item = pending.pop()
                if isinstance(item, IndirectObject):
                    key = (item.idnum, item.generation)
                    if key in seen:
                        continue
                    seen.add(key)
                    item = item.get_object()
                if isinstance(item, NameObject) and item in PDF_ACTIVE_NAMES:
                    raise CaseActionError(active)
                if isinstance(item, DictionaryObject):
                    if PDF_ACTIVE_NAMES.intersection(item.keys()):
                        raise CaseActionError(active)
                    pending.extend(item.values())
                elif isinstance(item, ArrayObject):
                    pending.extend(item)
    except CaseActionError:
        raise
    except Exception as error:  # pypdf raises many kinds for damaged files
        raise CaseActionError(unreadable) from error
