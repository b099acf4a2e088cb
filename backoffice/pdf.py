"""Django template → PDF with WeasyPrint, with the project's own CJK font embedded.

The image has no CJK font we can count on (STACK.md): without one, Chinese prints as empty
boxes while text extraction still looks right. So every PDF declares the shipped Noto Sans SC
subset (GB2312 + ASCII + CJK punctuation, static/fonts, OFL) under a family name of its own and
sets it on `html`, `body` and the `@page` margin boxes, which do not inherit the body font.
Characters outside the subset fall back to a system sans-serif: they may print as boxes on a
bare machine, but they never stop a document from rendering.

Rendering never touches the network: the URL fetcher serves only files inside the project.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.translation import override

FONT_FAMILY = "Complaint Sans"
# Our family first; then a system CJK sans-serif if the machine has one (rare characters
# such as 喆 or 镕 in a name), then whatever sans-serif fontconfig finds.
FONT_STACK = f'"{FONT_FAMILY}", "Noto Sans CJK SC", "Source Han Sans SC", sans-serif'
FONT_FILES = {400: "NotoSansSC-Regular.otf", 700: "NotoSansSC-Bold.otf"}


class ProjectFileFetcher(URLFetcher):
    """Fetches file:// URLs inside the project's static folders (fonts, a logo) and refuses
    everything else: rendering never reaches the network, and never reads uploads, the
    database or settings, even though they live under the project folder too."""

    def __init__(self, **kwargs) -> None:
        super().__init__(allowed_protocols=("file",), **kwargs)
        self.roots = tuple(
            Path(root).resolve() for root in (settings.PDF_FONT_DIR, *settings.STATICFILES_DIRS)
        )

    def fetch(self, url, headers=None):
        parts = urlsplit(url)
        if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
            raise ValueError(f"PDF rendering fetches only project files, not {url!r}")
        path = Path(url2pathname(parts.path)).resolve()
        if not any(path.is_relative_to(root) for root in self.roots):
            raise ValueError(f"PDF rendering fetches only project files, not {url!r}")
        return super().fetch(url, headers)


def html_lang(language: str) -> str:
    """The `lang` attribute for a Django language code: it picks Simplified Chinese glyph
    forms and line breaking."""
    return "zh-Hans" if language.lower().startswith("zh") else language


def css_string(text: str) -> str:
    """`text` as a quoted CSS string, safe inside a <style> element."""
    escaped = "".join(
        ch if ch.isalnum() or ch in " -_.,:;/()[]+¥%#@!?" or ord(ch) > 127 else f"\\{ord(ch):x} "
        for ch in str(text)
    )
    return f'"{escaped}"'


def _font_stylesheet(font_config: FontConfiguration) -> CSS:
    font_dir = Path(settings.PDF_FONT_DIR)
    faces = "\n".join(
        f'@font-face {{ font-family: "{FONT_FAMILY}"; font-weight: {weight}; '
        f'font-style: normal; src: url("{(font_dir / filename).as_uri()}"); }}'
        for weight, filename in FONT_FILES.items()
    )
    # Margin boxes take their font from the page context, not from <body>.
    return CSS(
        string=f"{faces}\nhtml, body {{ font-family: {FONT_STACK}; }}\n"
        f"@page {{ font-family: {FONT_STACK}; }}",
        font_config=font_config,
        url_fetcher=ProjectFileFetcher(),
    )


def render_pdf(template_name: str, context: dict, *, language: str) -> bytes:
    """Render `template_name` with `context` in `language` and return the PDF bytes.

    The template receives `language` and `html_lang` (for `<html lang>`) besides `context`.
    Guarantees: the shipped CJK font is embedded (both weights as used), translations are
    those of `language`, and no URL outside the project is fetched."""
    with override(language):
        html = render_to_string(
            template_name, {**context, "language": language, "html_lang": html_lang(language)}
        )
        font_config = FontConfiguration()
        fetcher = ProjectFileFetcher()
        document = HTML(
            string=html, base_url=Path(settings.BASE_DIR).as_uri() + "/", url_fetcher=fetcher
        )
        return document.write_pdf(
            stylesheets=[_font_stylesheet(font_config)], font_config=font_config
        )


def page_counter_css(label: str) -> str:
    """A translated "Page %(page)s of %(pages)s" (placeholders split out with NUL) as a CSS
    `content` value with page counters, for @page margin boxes."""
    parts = []
    for index, piece in enumerate(label.split("\0")):
        if index % 2:
            parts.append(f"counter({piece})")
        elif piece:
            parts.append(css_string(piece))
    return " ".join(parts)


MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
