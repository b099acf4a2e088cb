"""The vocabularies of the domain (../shared/DOMAIN.md), each defined once."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    AGENT = "agent", _("Front-line agent")
    SUPERVISOR = "supervisor", _("Shift supervisor")
    MANAGER = "manager", _("Customer-service manager")
    GENERAL_MANAGER = "general_manager", _("General manager")
    HEAD_OFFICE = "head_office", _("Head office")
    OVERSIGHT = "oversight", _("Oversight")
    TRAINER = "trainer", _("Trainer")
    ADMINISTRATOR = "administrator", _("Administrator")


# Escalation climbs this ladder one rung at a time.
ESCALATION_LADDER: tuple[str, ...] = (
    Role.AGENT,
    Role.SUPERVISOR,
    Role.MANAGER,
    Role.GENERAL_MANAGER,
)

# Roles that see every unit's cases (read-only for oversight).
ALL_UNITS_ROLES = frozenset({Role.HEAD_OFFICE, Role.OVERSIGHT, Role.ADMINISTRATOR})

# Roles that work cases (as opposed to reading them).
HANDLING_ROLES = frozenset(
    {Role.AGENT, Role.SUPERVISOR, Role.MANAGER, Role.GENERAL_MANAGER, Role.ADMINISTRATOR}
)


class UnitKind(models.TextChoices):
    HEAD_OFFICE = "head_office", _("Head office")
    STORE = "store", _("Store")
    DEPARTMENT = "department", _("Department")
    COUNTER = "counter", _("Counter")
    SUPPLIER = "supplier", _("Supplier")
    CARRIER = "carrier", _("Carrier")


class Channel(models.TextChoices):
    PHONE = "phone", _("Phone")
    WALK_IN = "walk_in", _("Walk-in at the service desk")
    ONLINE = "online", _("Online form")
    EMAIL = "email", _("E-mail")
    LETTER = "letter", _("Letter or comment card")
    SOCIAL = "social", _("Social media")
    REFERRAL = "referral", _("Government or consumer-association referral")
    MEDIA = "media", _("News media")
    WORK_ORDER = "work_order", _("Head-office or brand work order")


class Severity(models.TextChoices):
    GENERAL = "general", _("General")
    MAJOR = "major", _("Major")


class Urgency(models.TextChoices):
    NORMAL = "normal", _("Normal")
    URGENT = "urgent", _("Urgent")
    VERY_URGENT = "very_urgent", _("Very urgent")


class Validity(models.TextChoices):
    UNASSESSED = "", _("Not yet assessed")
    VALID_MAJOR = "valid_major", _("Valid: major")
    VALID_SERVICE = "valid_service", _("Valid: service")
    VALID_BUSINESS_ERROR = "valid_error", _("Valid: business error")
    VALID_MINOR = "valid_minor", _("Valid: minor slip")
    INVALID_BEYOND_SERVICE = "invalid_beyond", _("Invalid: demand beyond the service")
    INVALID_HARASSMENT = "invalid_harassment", _("Invalid: harassment or repeat calls")
    INVALID_FALSE_INFO = "invalid_false", _("Invalid: false information")
    INVALID_SYSTEM = "invalid_system", _("Invalid: system fault")
    INVALID_KNOWLEDGE = "invalid_knowledge", _("Invalid: knowledge-base error")
    INVALID_CUSTOMER = "invalid_customer", _("Invalid: the customer's own cause")

    @classmethod
    def invalid_choices(cls) -> list[tuple[str, str]]:
        return [(value, label) for value, label in cls.choices if value.startswith("invalid")]


class ContactPreference(models.TextChoices):
    PHONE = "phone", _("Phone")
    SMS = "sms", _("SMS")
    EMAIL = "email", _("E-mail")


class Gender(models.TextChoices):
    UNKNOWN = "", _("Not given")
    FEMALE = "f", _("Female")
    MALE = "m", _("Male")


class CompensationKind(models.TextChoices):
    NONE = "", _("None")
    REFUND = "refund", _("Refund")
    EXCHANGE = "exchange", _("Exchange")
    REPAIR = "repair", _("Repair")
    CASH = "cash", _("Cash compensation")
    VOUCHER = "voucher", _("Voucher or gift")
    APOLOGY = "apology", _("Apology only")


class ClockUnit(models.TextChoices):
    HOURS = "hours", _("hours (elapsed)")
    WORKING_HOURS = "working_hours", _("working hours")
    WORKING_DAYS = "working_days", _("working days")


class SlaClock(models.TextChoices):
    ACKNOWLEDGE = "acknowledge", _("Acknowledgement")
    UPDATE = "update", _("Next update to the customer")
    RESOLVE = "resolve", _("Resolution")
