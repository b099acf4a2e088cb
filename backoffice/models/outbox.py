"""Notifications are written in the same transaction as the change that causes them and sent
afterwards by the worker, with retries: a crash or an SMTP outage never loses one."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    class Channel(models.TextChoices):
        EMAIL = "email", _("E-mail")
        SMS = "sms", _("SMS")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed: gave up")

    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    recipient = models.CharField(_("recipient"), max_length=200)
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    body = models.TextField(_("text"))
    attachment_kind = models.CharField(max_length=40, blank=True)
    # A stored file to attach, relative to MEDIA_ROOT (a rendered report under reports/).
    attachment_path = models.CharField(max_length=200, blank=True)
    case = models.ForeignKey(
        "backoffice.Case",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="notifications",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), db_index=True)
    last_error = models.TextField(_("last error"), blank=True)
    # Rows are never edited by people: resending writes a new row that points at the old one.
    resend_of = models.ForeignKey(
        "self",
        verbose_name=_("resend of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="resends",
    )
    resent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resent by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="outbox_due")]
        constraints = [
            # A stored report goes to each address once, even if two scheduled runs overlap
            # (an administrator's resend is a row of its own).
            models.UniqueConstraint(
                fields=["attachment_path", "recipient"],
                condition=~models.Q(attachment_path="") & models.Q(resend_of__isnull=True),
                name="outbox_report_once_per_recipient",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} → {self.recipient}: {self.subject or self.body[:40]}"
