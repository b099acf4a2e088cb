"""Demo public pages in both languages, linked as translations of each other."""

from wagtail.models import Locale, Page, Site

from demo import content
from knowledge.demo import load_knowledge
from portal.models import ComplaintFormPage, HomePage, StandardPage, TrackingPage


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


SERVICE_PAGES = {
    "complain": {
        "zh-hans": {
            "title": "在线投诉",
            "intro": "<p>请告诉我们发生了什么。提交后您会立即收到投诉编号和查询码，我们会在24小时内确认受理。</p>",
            "privacy_notice": "<p>我们仅为处理您的投诉而收集您的姓名、联系方式和您上传的材料，只有处理投诉的员工可以查看完整信息。投诉办结后，材料按公司档案制度保存；用于员工培训的案例会删除所有可识别个人身份的信息。</p>",
            "confirmation_text": "<p>感谢您告诉我们。请保存下面的投诉编号和查询码。</p>",
        },
        "en": {
            "title": "Complain online",
            "intro": "<p>Tell us what happened. You get a reference and a private tracking code at once, and we confirm within 24 hours that we are handling your complaint.</p>",
            "privacy_notice": "<p>We collect your name, your contact details and the files you upload only to handle your complaint; only the staff handling it see them in full. Once it is closed they are kept under our records policy; case studies used to train staff have everything that could identify you removed.</p>",
            "confirmation_text": "<p>Thank you for telling us. Please keep the reference and the tracking code below.</p>",
        },
    },
    "track": {
        "zh-hans": {
            "title": "投诉查询",
            "intro": "<p>输入投诉编号和查询码，查看处理进度、补充材料、答复处理方案或评价我们的服务。</p>",
            "privacy_notice": "<p>查询码只发给投诉人本人，请勿告诉他人。多次输入错误后，查询将暂停一小时。</p>",
        },
        "en": {
            "title": "Track a complaint",
            "intro": "<p>Enter your reference and tracking code to see the progress, add information, answer our proposal or rate our service.</p>",
            "privacy_notice": "<p>The tracking code is sent only to the person who complained: do not share it. After several wrong attempts, tracking is paused for an hour.</p>",
        },
    },
}


def _service_pages(homes) -> None:
    """The complaint form and tracking pages in both languages, once."""
    for slug, model in (("complain", ComplaintFormPage), ("track", TrackingPage)):
        if model.objects.exists():
            continue
        data = SERVICE_PAGES[slug]
        _translated(
            homes,
            lambda lang, data=data, model=model: model(**data[lang], show_in_menus=True),
            slug,
        )


def load_pages() -> HomePage:
    existing = HomePage.objects.filter(locale__language_code="zh-hans").first()
    if existing is not None:
        homes = {
            lang: HomePage.objects.get(locale__language_code=lang) for lang in ("zh-hans", "en")
        }
        _service_pages(homes)
        load_knowledge(homes)
        return existing
    Locale.objects.get_or_create(language_code="zh-hans")
    Locale.objects.get_or_create(language_code="en")
    root = Page.get_first_root_node()
    if root is None:
        # A transactional test's flush removed the tree root Wagtail's migration made.
        root = Page.add_root(instance=Page(title="Root", slug="root", locale=Locale.get_default()))
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

    _service_pages(homes)

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
    # The staff-only case-study library, after the policy page its case studies link to.
    load_knowledge(homes)
    return homes["zh-hans"]
