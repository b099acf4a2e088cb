"""The complaint case and its parts. Fields are written only by backoffice.services; the
admin shows them and offers actions, never a raw state field."""

from simple_history.models import HistoricalRecords

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from backoffice.choices import (
    Channel,
    CompensationKind,
    ContactPreference,
    Gender,
    Severity,
    Urgency,
    Validity,
)
from backoffice.models.configuration import Category, ReferringBody
from backoffice.models.organisation import Unit
from backoffice.workflow import CLOSED_STATES, State


class Case(models.Model):
    # Wagtail's reference index would queue one background task per save of every case
    # (15,975 seen in production) to record links nobody looks up: cases are never "used by"
    # pages or snippets. Leave them out of it.
    wagtail_reference_index_ignore = True

    reference = models.CharField(_("reference"), max_length=20, unique=True, editable=False)
    # The customer's tracking code is derived from this salt with a server key
    # (backoffice.tracking): the database alone does not open anyone's case, and staff can
    # resend the link or rotate the code by changing the salt.
    tracking_salt = models.CharField(max_length=32, editable=False)
    # The submitting form's one-time key: a double click or a resend finds the first case.
    submission_key = models.CharField(
        max_length=64, null=True, blank=True, unique=True, editable=False
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    received_at = models.DateTimeField(_("received at"), db_index=True)
    language = models.CharField(_("customer's language"), max_length=10, default="zh-hans")
    referring_body = models.ForeignKey(
        ReferringBody,
        verbose_name=_("referred by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    external_reference = models.CharField(
        _("referral or work-order number"), max_length=60, blank=True
    )

    # The complainant.
    complainant_name = models.CharField(_("complainant's name"), max_length=80)
    complainant_gender = models.CharField(
        _("gender"), max_length=1, choices=Gender.choices, blank=True
    )
    complainant_phone = models.CharField(_("phone"), max_length=30, blank=True, db_index=True)
    complainant_email = models.EmailField(_("e-mail"), blank=True)
    member_card = models.CharField(_("member card"), max_length=40, blank=True, db_index=True)
    complainant_address = models.CharField(_("address"), max_length=200, blank=True)
    preferred_contact = models.CharField(
        _("preferred contact"),
        max_length=10,
        choices=ContactPreference.choices,
        default=ContactPreference.PHONE,
    )

    # What it is about.
    store = models.ForeignKey(
        Unit,
        verbose_name=_("store"),
        on_delete=models.PROTECT,
        related_name="store_cases",
    )
    unit_complained_about = models.ForeignKey(
        Unit,
        verbose_name=_("unit complained about"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="complained_cases",
    )
    responsible_unit = models.ForeignKey(
        Unit,
        verbose_name=_("responsible unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="responsible_cases",
    )
    product_name = models.CharField(_("product"), max_length=120, blank=True)
    product_model = models.CharField(_("model"), max_length=80, blank=True)
    product_batch = models.CharField(_("batch / LOT"), max_length=60, blank=True, db_index=True)
    order_number = models.CharField(_("order or receipt number"), max_length=60, blank=True)
    staff_involved = models.CharField(_("staff involved"), max_length=120, blank=True)
    incident_date = models.DateField(_("date of the incident"), null=True, blank=True)
    description = models.TextField(_("what happened"))
    customer_demand = models.TextField(_("what the customer wants"), blank=True)

    # Assessment.
    category = models.ForeignKey(
        Category, verbose_name=_("category"), null=True, blank=True, on_delete=models.PROTECT
    )
    severity = models.CharField(
        _("severity"), max_length=10, choices=Severity.choices, default=Severity.GENERAL
    )
    urgency = models.CharField(
        _("urgency"), max_length=12, choices=Urgency.choices, default=Urgency.NORMAL
    )
    validity = models.CharField(
        _("validity"), max_length=20, choices=Validity.choices, blank=True, default=""
    )
    validity_reason = models.TextField(_("validity reason"), blank=True)

    # Who and where.
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.RECEIVED, db_index=True
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner (first responder)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="owned_cases",
    )
    escalation_level = models.PositiveSmallIntegerField(_("escalation level"), default=0)
    escalated_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("escalated to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="escalated_cases",
    )
    repeat_of = models.ForeignKey(
        "self",
        verbose_name=_("repeat of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="repeats",
    )
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_cases",
    )

    # SLA clocks: stored due times, so "overdue" is a query, not a sweep.
    acknowledge_due = models.DateTimeField(_("acknowledge by"), null=True, blank=True)
    update_due = models.DateTimeField(_("next update by"), null=True, blank=True, db_index=True)
    resolve_due = models.DateTimeField(_("resolve by"), null=True, blank=True, db_index=True)
    external_due = models.DateTimeField(_("referring body's deadline"), null=True, blank=True)
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    paused_at = models.DateTimeField(_("clock paused at"), null=True, blank=True)
    warned_at = models.DateTimeField(null=True, blank=True, editable=False)
    breached_at = models.DateTimeField(_("deadline missed at"), null=True, blank=True)

    # Resolution and compensation.
    resolution = models.TextField(_("proposed resolution"), blank=True)
    compensation_kind = models.CharField(
        _("compensation"), max_length=20, choices=CompensationKind.choices, blank=True
    )
    compensation_amount = models.DecimalField(
        _("compensation amount (¥)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    compensation_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("compensation proposed by"),
    )
    compensation_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("compensation approved by"),
    )
    petty_cash_slip = models.CharField(_("petty-cash slip number"), max_length=40, blank=True)
    quality_problem = models.BooleanField(_("quality problem"), null=True, blank=True)
    commission_deducted = models.BooleanField(
        _("counter's commission deducted"), null=True, blank=True
    )
    customer_answer = models.TextField(_("customer's answer"), blank=True)

    # Satisfaction.
    satisfaction = models.PositiveSmallIntegerField(
        _("satisfaction (1–5)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    satisfaction_comment = models.TextField(_("satisfaction comment"), blank=True)
    sms_sent_at = models.DateTimeField(_("follow-up SMS sent at"), null=True, blank=True)

    # Lessons.
    cause = models.TextField(_("cause"), blank=True)
    corrective_action = models.TextField(_("corrective action"), blank=True)
    prevention = models.TextField(_("prevention"), blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True, db_index=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("closed by"),
    )
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("signed off by"),
    )
    reopen_count = models.PositiveSmallIntegerField(_("times reopened"), default=0)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(
        excluded_fields=["tracking_salt", "submission_key", "updated_at", "version"]
    )

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-received_at"]
        indexes = [
            models.Index(fields=["store", "state", "resolve_due"], name="case_store_queue"),
            models.Index(fields=["owner", "state"], name="case_owner_state"),
            models.Index(fields=["responsible_unit", "state"], name="case_unit_state"),
            models.Index(fields=["state", "resolve_due"], name="case_state_due"),
            models.Index(fields=["severity", "state"], name="case_severity_state"),
            # The working queue is the open cases by due time: a small partial index keeps it
            # fast however many closed cases pile up.
            models.Index(
                fields=["resolve_due"],
                condition=~Q(state__in=sorted(s.value for s in CLOSED_STATES)),
                name="case_open_by_due",
            ),
            models.Index(fields=["store", "-received_at"], name="case_store_received"),
        ]
        constraints = [
            # closed_at is set exactly when the case is closed (or archived after closing).
            models.CheckConstraint(
                condition=(
                    Q(state__in=sorted(s.value for s in CLOSED_STATES), closed_at__isnull=False)
                    | (
                        ~Q(state__in=sorted(s.value for s in CLOSED_STATES))
                        & Q(closed_at__isnull=True)
                    )
                ),
                name="case_closed_at_iff_closed",
            ),
            models.CheckConstraint(
                condition=Q(satisfaction__isnull=True)
                | Q(satisfaction__gte=1, satisfaction__lte=5),
                name="case_satisfaction_1_to_5",
            ),
        ]
        permissions = [
            ("view_all_units", "Can see every unit's cases"),
            ("export_case", "Can export case lists"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_open(self) -> bool:
        return self.state not in CLOSED_STATES

    @property
    def is_major(self) -> bool:
        return self.severity == Severity.MAJOR


class CaseEvent(models.Model):
    """One entry of a case's timeline. Append-only: never updated, never deleted."""

    class Kind(models.TextChoices):
        RECEIVED = "received", _("Received")
        TRANSITION = "transition", _("State change")
        NOTE = "note", _("Internal note")
        MESSAGE_OUT = "message_out", _("Message to the customer")
        MESSAGE_IN = "message_in", _("Message from the customer")
        ASSIGNMENT = "assignment", _("Assignment or hand-over")
        ROUTING = "routing", _("Routing")
        CLASSIFICATION = "classification", _("Classification")
        ESCALATION = "escalation", _("Escalation")
        APPROVAL = "approval", _("Compensation decision")
        CALLBACK = "callback", _("Follow-up call")
        RATING = "rating", _("Satisfaction rating")
        SLA = "sla", _("Deadline")
        ATTACHMENT = "attachment", _("Attachment")
        REPEAT = "repeat", _("Repeat or merge")
        APPEAL = "appeal", _("Staff appeal")

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    action = models.CharField(_("action"), max_length=40, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # "customer" or "system" when no staff account acted.
    actor_label = models.CharField(max_length=20, blank=True)
    at = models.DateTimeField(_("at"), db_index=True)
    from_state = models.CharField(max_length=20, choices=State.choices, blank=True)
    to_state = models.CharField(max_length=20, choices=State.choices, blank=True)
    body = models.TextField(_("text"), blank=True)
    customer_visible = models.BooleanField(_("visible to the customer"), default=False)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("timeline entry")
        verbose_name_plural = _("timeline entries")
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["case", "at"], name="event_case_at")]

    def __str__(self) -> str:
        return f"{self.case_id} {self.get_kind_display()} {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise ValueError("Timeline entries are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Timeline entries are append-only.")


def attachment_path(instance: "CaseAttachment", filename: str) -> str:
    # The stored name is random: the customer's file name may itself be personal data.
    import secrets
    from pathlib import Path

    return f"cases/{instance.case.reference}/{secrets.token_hex(8)}{Path(filename).suffix.lower()}"


class CaseAttachment(models.Model):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="attachments")
    file = models.FileField(upload_to=attachment_path)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    from_customer = models.BooleanField(default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return self.original_name


class FollowUpAttempt(models.Model):
    """One satisfaction follow-up call (回访) or SMS."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="follow_ups")
    at = models.DateTimeField(_("at"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    reached = models.BooleanField(_("customer reached"))
    sms_sent = models.BooleanField(_("SMS sent"), default=False)
    satisfaction = models.PositiveSmallIntegerField(
        _("satisfaction (1–5)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    comment = models.TextField(_("comment"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("follow-up attempt")
        verbose_name_plural = _("follow-up attempts")
        ordering = ["at"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.at:%Y-%m-%d %H:%M}"


class StaffAppeal(models.Model):
    """A staff member's appeal (歧义申诉) against a validity or blame judgment."""

    wagtail_reference_index_ignore = True  # as Case: no reference-index task per save

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the reviewer")
        UPHELD = "upheld", _("Upheld: judgment changed")
        DISMISSED = "dismissed", _("Dismissed: judgment stands")

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="appeals")
    appellant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="appeals"
    )
    judgment_published_at = models.DateTimeField(_("judgment published at"))
    grounds = models.TextField(_("grounds"))
    filed_at = models.DateTimeField(_("filed at"))
    decide_by = models.DateTimeField(_("decide by"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("reviewer"),
    )
    decision = models.TextField(_("decision"), blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("staff appeal")
        verbose_name_plural = _("staff appeals")
        ordering = ["-filed_at"]

    def __str__(self) -> str:
        return f"{self.case} — {self.get_status_display()}"
