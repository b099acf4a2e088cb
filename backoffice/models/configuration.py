"""What administrators configure: categories, SLA rules, authority limits, referring bodies,
the working-day calendar's overrides, notification recipients and canned replies."""

from decimal import Decimal

from simple_history.models import HistoricalRecords

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from backoffice.choices import Channel, ClockUnit, Role, Severity, SlaClock, Urgency
from backoffice.naming import localized_name


class BilingualName(models.Model):
    name = models.CharField(_("name (Chinese)"), max_length=80)
    name_en = models.CharField(_("name (English)"), max_length=80)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return localized_name(self.name, self.name_en)


class Category(BilingualName):
    """Complaint category. `report_group` is the weekly report's bucket (product quality,
    service attitude, facilities, other)."""

    class ReportGroup(models.TextChoices):
        PRODUCT = "product", _("Product quality")
        SERVICE = "service", _("Service attitude")
        FACILITIES = "facilities", _("Facilities")
        OTHER = "other", _("Other")

    code = models.SlugField(_("code"), max_length=30, unique=True)
    report_group = models.CharField(
        _("weekly report group"), max_length=20, choices=ReportGroup.choices
    )
    # Cases in these categories are major by default (injury, lost valuables...).
    major_by_default = models.BooleanField(_("major by default"), default=False)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["position", "code"]


class SlaRule(models.Model):
    """How long one clock may run. Blank channel/severity/urgency match anything; the most
    specific matching rule wins (see backoffice.sla.policy)."""

    clock = models.CharField(_("clock"), max_length=20, choices=SlaClock.choices)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices, blank=True)
    severity = models.CharField(_("severity"), max_length=20, choices=Severity.choices, blank=True)
    urgency = models.CharField(_("urgency"), max_length=20, choices=Urgency.choices, blank=True)
    amount = models.DecimalField(
        _("amount"), max_digits=6, decimal_places=1, validators=[MinValueValidator(Decimal("0.1"))]
    )
    unit = models.CharField(_("unit"), max_length=20, choices=ClockUnit.choices)
    warn_before_hours = models.DecimalField(
        _("warn this many hours before"), max_digits=5, decimal_places=1, default=Decimal("2")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("SLA rule")
        verbose_name_plural = _("SLA rules")
        ordering = ["clock", "channel", "severity", "urgency"]
        constraints = [
            models.UniqueConstraint(
                fields=["clock", "channel", "severity", "urgency"], name="sla_rule_unique_match"
            )
        ]

    def __str__(self) -> str:
        scope = " / ".join(
            str(label)
            for label in (
                self.get_channel_display() if self.channel else "",
                self.get_severity_display() if self.severity else "",
                self.get_urgency_display() if self.urgency else "",
            )
            if label
        ) or _("any case")
        return f"{self.get_clock_display()}: {scope} → {self.amount} {self.get_unit_display()}"


class ReferringBody(BilingualName):
    """A government body, consumer association or head office that refers complaints and sets
    its own deadline (12315: 10 working days)."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    deadline_amount = models.DecimalField(_("deadline"), max_digits=6, decimal_places=1)
    deadline_unit = models.CharField(
        _("deadline unit"), max_length=20, choices=ClockUnit.choices, default=ClockUnit.WORKING_DAYS
    )
    makes_major = models.BooleanField(
        _("referrals are major complaints"),
        default=True,
        help_text=_("A government body or the media being involved makes a complaint major."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("referring body")
        verbose_name_plural = _("referring bodies")
        ordering = ["code"]


class AuthorityLimit(models.Model):
    """The most compensation a role may grant on its own for one case. No row: no authority
    at all (backoffice.authority fails closed); an empty amount: no upper limit."""

    role = models.CharField(_("role"), max_length=20, choices=Role.choices, unique=True)
    max_amount = models.DecimalField(
        _("maximum amount (¥)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("Leave empty for no upper limit."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("authority limit")
        verbose_name_plural = _("authority limits")
        ordering = ["max_amount"]

    def __str__(self) -> str:
        if self.max_amount is None:
            return f"{self.get_role_display()}: {_('no limit')}"
        return f"{self.get_role_display()}: ¥{self.max_amount}"


class CalendarOverride(models.Model):
    """An administrator's correction to the public-holiday calendar: a day off or a make-up
    working day (调休). Wins over the library."""

    date = models.DateField(_("date"), unique=True)
    is_working_day = models.BooleanField(_("working day"))
    note = models.CharField(_("note"), max_length=120, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("calendar override")
        verbose_name_plural = _("calendar overrides")
        ordering = ["date"]

    def __str__(self) -> str:
        kind = _("working day") if self.is_working_day else _("day off")
        return f"{self.date}: {kind} {self.note}".strip()


class CalendarYear(models.Model):
    """A year whose official schedule an administrator has entered in full as overrides,
    so the SLA clocks may count in it even though the library does not know it yet."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("declared calendar year")
        verbose_name_plural = _("declared calendar years")
        ordering = ["year"]

    def __str__(self) -> str:
        return str(self.year)


class NotificationRecipient(models.Model):
    """Who hears of what beyond the case's own handlers: head-office addresses for major
    complaints and the weekly/monthly reports."""

    class Event(models.TextChoices):
        MAJOR = "major", _("Major complaint")
        WEEKLY = "weekly", _("Weekly report")
        MONTHLY = "monthly", _("Monthly report")
        OUTBOX_FAILURE = "outbox_failure", _("Notification delivery failure")

    event = models.CharField(_("event"), max_length=20, choices=Event.choices)
    email = models.EmailField(_("e-mail"))
    name = models.CharField(_("name"), max_length=80, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("notification recipient")
        verbose_name_plural = _("notification recipients")
        ordering = ["event", "email"]

    def __str__(self) -> str:
        return f"{self.get_event_display()}: {self.email}"


class CannedReply(models.Model):
    """A reply a handler starts from. Variables: {name}, {reference}, {handler}, {due_date}."""

    title = models.CharField(_("title"), max_length=120)
    language = models.CharField(
        _("language"), max_length=10, choices=[("zh-hans", "中文"), ("en", "English")]
    )
    body = models.TextField(
        _("text"), help_text=_("You may use {name}, {reference}, {handler} and {due_date}.")
    )
    active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("canned reply")
        verbose_name_plural = _("canned replies")
        ordering = ["language", "title"]

    def __str__(self) -> str:
        return self.title
