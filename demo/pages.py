"""Demo public pages in both languages, linked as translations of each other."""

from wagtail.models import Locale, Page, Site

from demo import content
from portal.models import HomePage, StandardPage


def _stream(items):
    return [(kind, value) for kind, value in items]


def _translated(parent_by_lang, make, slug, translation_key=None):
    """Create the page in each language under the matching parent; returns {lang: page}."""
    pages = {}
    for lang, parent in parent_by_lang.items():
        page = make(lang)
        page.slug = slug
        page.locale = Locale.objects.get(language_code=lang)
        if translation_key is not None:
            page.translation_key = translation_key
        parent.add_child(instance=page)
        page.save_revision().publish()
        translation_key = page.translation_key
        pages[lang] = page
    return pages


def load_pages() -> HomePage:
    existing = HomePage.objects.filter(locale__language_code="zh-hans").first()
    if existing is not None:
        return existing
    Locale.objects.get_or_create(language_code="zh-hans")
    Locale.objects.get_or_create(language_code="en")
    root = Page.get_first_root_node()
    # Wagtail's own welcome page makes way for ours.
    for page in root.get_children().exclude(content_type__model="homepage"):
        page.delete()

    homes = {}
    key = None
    for lang, slug in (("zh-hans", "home"), ("en", "en")):
        home = HomePage(
            title=content.HOME[lang]["title"], intro=content.HOME[lang]["intro"], slug=slug
        )
        home.locale = Locale.objects.get(language_code=lang)
        if key:
            home.translation_key = key
        root.add_child(instance=home)
        home.save_revision().publish()
        key = home.translation_key
        homes[lang] = home

    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site(hostname="localhost", port=80, is_default_site=True)
    site.root_page = homes["zh-hans"]
    site.site_name = content.HOME["zh-hans"]["title"]
    site.save()

    def standard(data):
        return lambda lang: StandardPage(
            title=data[lang]["title"],
            intro=data[lang]["intro"],
            body=_stream(data[lang].get("body", [])),
            show_in_menus=True,
        )

    _translated(homes, standard(content.POLICY), "policy")
    faq = {
        lang: {
            **content.FAQ[lang],
            "body": [
                ("question", {"question": q, "answer": a})
                for q, a in content.FAQ[lang]["questions"]
            ],
        }
        for lang in content.FAQ
    }
    _translated(homes, standard(faq), "faq")
    _translated(homes, standard(content.CONTACT), "contact")
    return homes["zh-hans"]
