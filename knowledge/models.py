"""The knowledge section's pages: the case-study library, case studies, the phrase library and
handling guides. Training material for staff: the library carries a login-only view
restriction (children inherit it); an editor may make a page public with Wagtail's privacy
control. No page may go live while the personal-data check still finds something."""

from __future__ import annotations

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase

from django.core.paginator import Paginator
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.actions.publish_page_revision import PublishPagePermissionError
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from backoffice.choices import Channel, Severity
from knowledge.blocks import (
    NARRATIVE_SECTIONS,
    CaseStudySectionsBlock,
    GuideBlock,
    PhraseLibraryBlock,
)
from knowledge.findings import PageFinding, page_findings, page_texts, page_values
from knowledge.forms import KnowledgePageForm
from knowledge.panels import PersonalDataPanel, SourceCasePanel
from knowledge.search import normalise

# Custom permissions, granted to roles in KnowledgeConfig.ready().
DRAFT_PERMISSION = "knowledge.draft_case_study"
REPORT_PERMISSION = "knowledge.view_recurring_causes"


class PersonalDataRemains(PublishPagePermissionError):
    """Publishing refused: the page still holds personal data. Raised by every publishing path
    (workflow approval, scheduled and bulk publishing, scripts); the editor refuses earlier and
    more kindly (KnowledgePageForm, the before_publish_page hook)."""

    def __init__(self, findings: list[PageFinding]) -> None:
        self.findings = findings
        where = "; ".join(f"{f.where}: {f.kind_label}" for f in findings)
        super().__init__(f"Personal data remains on the page ({where}).")


class PersonalDataChecked:
    """Mixin for knowledge pages: the fields checked for personal data, the editor's form that
    refuses to submit or publish them, and a publish() that refuses as a last resort."""

    personal_data_fields: tuple[str, ...] = ("title", "seo_title", "search_description", "intro")
    base_form_class = KnowledgePageForm

    def personal_data_findings(self) -> list[PageFinding]:
        return page_findings(self)

    def publish(self, revision, *args, **kwargs):
        findings = page_findings(revision.as_object())
        if findings:
            raise PersonalDataRemains(findings)
        return super().publish(revision, *args, **kwargs)


class KnowledgeIndexPage(PersonalDataChecked, Page):
    """The case-study library: filters by category, severity, channel and lesson tag, and a
    search that finds Chinese and English words inside the text."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [PersonalDataPanel(), *Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["portal.HomePage"]
    subpage_types = [
        "knowledge.CaseStudyPage",
        "knowledge.PhraseLibraryPage",
        "knowledge.HandlingGuidePage",
    ]
    template = "knowledge/knowledge_index_page.html"
    page_size = 12

    class Meta:
        verbose_name = _("case-study library")

    def case_studies(self, request=None):
        """Live case studies of this library the visitor may open."""
        studies = CaseStudyPage.objects.live().descendant_of(self)
        if request is None or not request.user.is_authenticated:
            studies = studies.public()
        return studies

    def get_context(self, request, *args, **kwargs):
        from knowledge.filters import LibraryFilterForm

        context = super().get_context(request, *args, **kwargs)
        studies = self.case_studies(request)
        form = LibraryFilterForm(request.GET or None, studies=studies)
        filtered = form.apply(studies) if form.is_valid() else studies
        filtered = filtered.order_by("-first_published_at", "-pk").prefetch_related("tags")
        page_obj = Paginator(filtered, self.page_size).get_page(request.GET.get("page"))
        context.update(
            filter_form=form,
            page_obj=page_obj,
            studies=page_obj.object_list,
            filtered=bool(request.GET.get("q") or form.has_filters()),
            guides=self.get_children().live().not_type(CaseStudyPage).specific().order_by("path"),
            query_string=form.query_string(),
        )
        return context


class CaseStudyTag(TaggedItemBase):
    content_object = ParentalKey(
        "knowledge.CaseStudyPage", related_name="tagged_items", on_delete=models.CASCADE
    )


class CaseStudyPage(PersonalDataChecked, Page):
    """An anonymised case. Category, severity and channel are plain values copied from the case
    (the library never reads back-office tables). `source_case_id` links back to the case for
    staff in the editor only: no template renders it."""

    summary = models.TextField(
        _("summary"), blank=True, help_text=_("One or two sentences shown in the library.")
    )
    category_name = models.CharField(_("category"), max_length=80, blank=True)
    category_code = models.CharField(
        _("category code"), max_length=30, blank=True, editable=False, db_index=True
    )
    severity = models.CharField(
        _("severity"), max_length=10, choices=Severity.choices, blank=True, db_index=True
    )
    channel = models.CharField(
        _("channel"), max_length=20, choices=Channel.choices, blank=True, db_index=True
    )
    tags = ClusterTaggableManager(
        through=CaseStudyTag,
        blank=True,
        verbose_name=_("lesson tags"),
        help_text=_("The lessons this case teaches, e.g. 首问负责制, 退款, refund."),
    )
    sections = StreamField(CaseStudySectionsBlock(), blank=True, verbose_name=_("sections"))

    # For staff only, shown in the editor's "Source" tab and never on the page.
    source_case_id = models.PositiveBigIntegerField(
        _("source case"), null=True, blank=True, editable=False
    )
    source_case_reference = models.CharField(
        _("source case reference"), max_length=20, blank=True, editable=False
    )
    # Normalised readable text for the library search (knowledge.search).
    search_text = models.TextField(blank=True, editable=False)

    personal_data_fields = (
        "title",
        "seo_title",
        "search_description",
        "summary",
        "category_name",
        "tags",
        "sections",
    )
    search_fields = [*Page.search_fields, index.SearchField("search_text")]

    content_panels = [
        PersonalDataPanel(),
        *Page.content_panels,
        FieldPanel("summary"),
        MultiFieldPanel(
            [FieldPanel("category_name"), FieldPanel("severity"), FieldPanel("channel")],
            heading=_("Classification"),
        ),
        FieldPanel("tags"),
        FieldPanel("sections"),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Content")),
            ObjectList(Page.promote_panels, heading=_("Promote")),
            ObjectList([SourceCasePanel()], heading=_("Source")),
        ]
    )
    parent_page_types = ["knowledge.KnowledgeIndexPage"]
    subpage_types: list[str] = []
    template = "knowledge/case_study_page.html"

    class Meta:
        verbose_name = _("case study")
        verbose_name_plural = _("case studies")
        permissions = [
            ("draft_case_study", "Can draft a case study from a closed case"),
            ("view_recurring_causes", "Can see the recurring-causes report"),
        ]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["narrative_sections"] = tuple(NARRATIVE_SECTIONS)
        return context

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is None or set(update_fields) & set(self.personal_data_fields):
            self.search_text = self.readable_text()
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "search_text"}
        return super().save(*args, **kwargs)

    def readable_text(self) -> str:
        """Everything a reader sees on the page, normalised for the library search."""
        texts = [text.text for text in page_texts(type(self), page_values(self))]
        texts += [str(self.get_severity_display()), str(self.get_channel_display())]
        return normalise(" ".join(texts))


class PhraseLibraryPage(PersonalDataChecked, Page):
    """Service phrases by situation: what to say and what never to say."""

    intro = models.TextField(_("introduction"), blank=True)
    situations = StreamField(PhraseLibraryBlock(), blank=True, verbose_name=_("situations"))

    personal_data_fields = ("title", "seo_title", "search_description", "intro", "situations")
    content_panels = [
        PersonalDataPanel(),
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("situations"),
    ]
    parent_page_types = ["knowledge.KnowledgeIndexPage"]
    subpage_types: list[str] = []
    template = "knowledge/phrase_library_page.html"

    class Meta:
        verbose_name = _("phrase library")


class HandlingGuidePage(PersonalDataChecked, Page):
    """How to handle a complaint, step by step, with the taboos."""

    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(GuideBlock(), blank=True, verbose_name=_("body"))

    personal_data_fields = ("title", "seo_title", "search_description", "intro", "body")
    content_panels = [
        PersonalDataPanel(),
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("body"),
    ]
    parent_page_types = ["knowledge.KnowledgeIndexPage"]
    subpage_types: list[str] = []
    template = "knowledge/handling_guide_page.html"

    class Meta:
        verbose_name = _("handling guide")
