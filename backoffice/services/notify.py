"""Who hears about what. Every function only queues outbox rows (sent after commit), each
message in its reader's language: the customer's for customers, the account's for staff."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from backoffice import links
from backoffice.access import staff_in_role_for
from backoffice.choices import ContactPreference, Role
from backoffice.models import NotificationRecipient
from backoffice.notifications import queue_email, queue_sms


def _staff_language(user) -> str:
    profile = getattr(user, "wagtail_userprofile", None)
    return (getattr(profile, "preferred_language", "") or settings.LANGUAGE_CODE).lower()


def staff_case_link(case) -> str:
    return f"{settings.WAGTAILADMIN_BASE_URL}/admin/cases/{case.pk}/"


def user(recipient, case, subject, body: str = "") -> None:
    if recipient is None or not recipient.email:
        return
    with override(_staff_language(recipient)):
        queue_email(
            recipient.email,
            str(subject),
            f"{body}\n\n{_('Open the case')}: {staff_case_link(case)}".strip(),
            case=case,
        )


def staff_in_role(case, role: str, subject, body: str = "") -> None:
    for member in staff_in_role_for(case, role):
        user(member, case, subject, body)


def staff_about(case, subject, body: str = "") -> None:
    """The case's owner, or the store's supervisors when nobody owns it yet."""
    if case.owner is not None:
        user(case.owner, case, subject, body)
    else:
        staff_in_role(case, Role.SUPERVISOR, subject, body)


def unit_staff(case, unit) -> None:
    from django.contrib.auth import get_user_model

    for member in get_user_model().objects.filter(is_active=True, staff__unit=unit):
        user(
            member,
            case,
            _("Case %(reference)s was routed to your unit") % {"reference": case.reference},
            case.description[:500],
        )


def major_complaint(case) -> None:
    """A major complaint reaches the manager, the general manager and head office at once."""
    subject = _("Major complaint %(reference)s at %(store)s") % {
        "reference": case.reference,
        "store": case.store.name,
    }
    body = case.description[:1000]
    seen: set[int] = set()
    for role in (Role.MANAGER, Role.GENERAL_MANAGER, Role.HEAD_OFFICE):
        for member in staff_in_role_for(case, role):
            if member.pk not in seen:
                seen.add(member.pk)
                user(member, case, subject, body)
    if not any(staff_in_role_for(case, Role.HEAD_OFFICE)):
        from django.contrib.auth import get_user_model

        for member in get_user_model().objects.filter(is_active=True, staff__role=Role.HEAD_OFFICE):
            if member.pk not in seen:
                seen.add(member.pk)
                user(member, case, subject, body)
    for recipient in NotificationRecipient.objects.filter(event=NotificationRecipient.Event.MAJOR):
        queue_email(recipient.email, str(subject), f"{body}\n\n{staff_case_link(case)}", case=case)


def customer_update(case, action, text: str) -> None:
    """Tell the customer what changed, by their preferred contact, with their tracking link."""
    with override(case.language):
        subject = _("Your complaint %(reference)s: %(what)s") % {
            "reference": case.reference,
            "what": action.label,
        }
        link = links.tracking_link(case)
        body = f"{text}\n\n{_('Follow your complaint here')}: {link}"
        attachment = "acknowledgement" if action.name == "acknowledge" else ""
        if case.complainant_email and (
            case.preferred_contact == ContactPreference.EMAIL
            or not case.complainant_phone
            or attachment
        ):
            queue_email(
                case.complainant_email, str(subject), body, case=case, attachment_kind=attachment
            )
        if case.complainant_phone and case.preferred_contact in (
            ContactPreference.SMS,
            ContactPreference.PHONE,
        ):
            queue_sms(case.complainant_phone, f"{subject}. {link}", case=case)


def follow_up_sms(case) -> None:
    with override(case.language):
        text = _(
            "We tried to call you about complaint %(reference)s. Please tell us how satisfied "
            "you are: %(link)s"
        ) % {"reference": case.reference, "link": links.tracking_link(case)}
    queue_sms(case.complainant_phone, text, case=case)


def deadline_warning(case, clock_label, due) -> None:
    subject = _("Deadline soon on %(reference)s: %(clock)s by %(due)s") % {
        "reference": case.reference,
        "clock": clock_label,
        "due": timezone.localtime(due).strftime("%Y-%m-%d %H:%M"),
    }
    staff_about(case, subject)
