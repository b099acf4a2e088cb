"""The public site's pages. Complaint submission and tracking pages hand over to portal.views,
which call backoffice services; no page stores case data."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from backoffice.tracking import LINK_CODE_PATTERN, LINK_REFERENCE_PATTERN
from portal.blocks import BodyBlock


class HomePage(Page):
    intro = RichTextField(_("introduction"), blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "portal.StandardPage",
        "portal.ComplaintFormPage",
        "portal.TrackingPage",
        "knowledge.KnowledgeIndexPage",
    ]
    max_count_per_parent = 1
    template = "portal/home_page.html"

    class Meta:
        verbose_name = _("home page")


class StandardPage(Page):
    """Policy, FAQ, contact and other editorial pages. Wagtail keeps every revision, so the
    policy in force on any date can be shown."""

    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    parent_page_types = ["portal.HomePage", "portal.StandardPage"]
    subpage_types = ["portal.StandardPage"]
    template = "portal/standard_page.html"

    class Meta:
        verbose_name = _("standard page")


class ComplaintFormPage(RoutablePageMixin, Page):
    """The online complaint form. Editors write the introduction and the privacy notice; the
    form itself, its confirmation and the acknowledgement PDF are served by
    portal.views.complaint."""

    intro = RichTextField(_("introduction"), blank=True)
    privacy_notice = RichTextField(
        _("privacy notice"),
        blank=True,
        help_text=_("What the customer consents to before sending the form."),
    )
    confirmation_text = RichTextField(
        _("confirmation text"),
        blank=True,
        help_text=_("Shown above the reference and tracking code after sending."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("privacy_notice"),
        FieldPanel("confirmation_text"),
    ]
    parent_page_types = ["portal.HomePage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("complaint form page")

    @path("")
    def form_view(self, request):
        from portal.views.complaint import complaint_form

        return complaint_form(request, self)

    @path("done/", name="done")
    def done_view(self, request):
        from portal.views.complaint import complaint_done

        return complaint_done(request, self)

    @path("done/acknowledgement/", name="acknowledgement")
    def acknowledgement_view(self, request):
        from portal.views.complaint import acknowledgement_pdf

        return acknowledgement_pdf(request, self)


class TrackingPage(RoutablePageMixin, Page):
    """Where customers follow their complaint. The lookup form, the link from the
    acknowledgement (<page>/<reference>/<code>/, built by backoffice.links and redacted from
    logs by config/logredact.py) and the case view are served by portal.views.tracking."""

    intro = RichTextField(_("introduction"), blank=True)
    privacy_notice = RichTextField(_("privacy notice"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("privacy_notice")]
    parent_page_types = ["portal.HomePage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("tracking page")

    @path("")
    def lookup_view(self, request):
        from portal.views.tracking import tracking_lookup

        return tracking_lookup(request, self)

    @path("case/", name="case")
    def case_view(self, request):
        from portal.views.tracking import tracking_case

        return tracking_case(request, self)

    @path("case/acknowledgement/", name="acknowledgement")
    def acknowledgement_view(self, request):
        from portal.views.tracking import tracking_acknowledgement

        return tracking_acknowledgement(request, self)

    @re_path(
        rf"^(?P<reference>{LINK_REFERENCE_PATTERN})/(?P<code>{LINK_CODE_PATTERN})/$", name="link"
    )
    def link_view(self, request, reference, code):
        from portal.views.tracking import tracking_link

        return tracking_link(request, self, reference, code)

    @re_path(r"^(?P<reference>[0-9A-Za-z-]{4,20})/(?P<code>[0-9A-Za-z]{4,40})/$", name="link-typed")
    def typed_link_view(self, request, reference, code):
        # A link retyped in another shape (no dash, extra dashes): answered like a wrong code
        # and never opening a case, so that only the canonical shape, which the logs redact,
        # ever carries a working code.
        from portal.views.tracking import tracking_link_not_recognised

        return tracking_link_not_recognised(request, self, reference)


class RateCounter(models.Model):
    """One fixed window (a clock minute or a clock hour, as the limiter's scope says) of one
    limiter (portal.ratelimit). Kept in the database so the limit holds across processes and
    with any cache; old windows are pruned as we go."""

    scope = models.CharField(max_length=30)
    # A digest of the client address or the reference: the table holds no personal data.
    key = models.CharField(max_length=64)
    window_start = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("rate-limit counter")
        constraints = [
            models.UniqueConstraint(
                fields=["scope", "key", "window_start"], name="portal_ratecounter_one_per_window"
            )
        ]
        indexes = [models.Index(fields=["window_start"], name="portal_ratecounter_window")]

    def __str__(self) -> str:
        return f"{self.scope} {self.window_start:%Y-%m-%d %H:%M} {self.count}"


class ApiToken(models.Model):
    """A staff member's token for the staff API. Only its SHA-256 digest is stored: the token
    itself is shown once, when it is created (`manage.py create_api_token`)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff account"),
        on_delete=models.CASCADE,
        related_name="portal_api_tokens",
    )
    name = models.CharField(_("what it is for"), max_length=80, blank=True)
    prefix = models.CharField(_("first characters"), max_length=8, editable=False)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"
