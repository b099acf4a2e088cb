"""Request and response shapes of the API (and so of its OpenAPI schema). Request fields are
deliberately loose (strings): values are judged by the same forms as on the web, so the API
answers with the same, translated messages."""

from __future__ import annotations

from datetime import date, datetime

from ninja import Field, Schema
from pydantic import field_validator


class TextIn(Schema):
    """A request body whose strings are text. JSON can spell a lone surrogate (\\ud800), which
    no encoder takes, and a NUL, which PostgreSQL cannot store: such a field is refused like
    any other invalid value."""

    @field_validator("*")
    @classmethod
    def _encodable(cls, value):
        if isinstance(value, str):
            # PostgreSQL text cannot hold NUL either (Django's forms refuse it the same way).
            if "\x00" in value:
                raise ValueError("contains a NUL character")
            try:
                value.encode("utf-8")
            except UnicodeEncodeError as error:
                raise ValueError("not valid Unicode text") from error
        return value


class ErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] = Field(
        default_factory=dict, description="Messages per request field."
    )


class ComplaintIn(TextIn):
    category: str = Field(..., description="A category code from GET /options.")
    unit: str = Field(..., description="The store, department or counter code from GET /options.")
    product_name: str = ""
    product_batch: str = ""
    incident_date: str = Field("", description="YYYY-MM-DD, not in the future.")
    description: str = Field(..., description="What happened.")
    customer_demand: str = ""
    complainant_name: str
    complainant_phone: str = Field(
        "", description="A Chinese mobile or landline. At least a phone or an e-mail is needed."
    )
    complainant_email: str = ""
    preferred_contact: str = Field("phone", description="phone, sms or email.")
    consent: bool = Field(
        False, description="The customer agreed to the privacy notice (must be true)."
    )
    language: str = Field(
        "", description="zh-hans or en: the language of our letters. Default: the request's."
    )


class SubmittedOut(Schema):
    reference: str
    tracking_code: str = Field(..., description="Private: give it only to the customer.")
    created: bool = Field(..., description="False when the Idempotency-Key was seen before.")
    state: str
    state_label: str
    received_at: datetime
    expected_by: datetime | None
    tracking_url: str


class Credentials(TextIn):
    reference: str
    code: str = Field(..., description="The private tracking code.")


class MessageIn(Credentials):
    message: str = ""


class AnswerIn(Credentials):
    accept: bool
    message: str = Field("", description="Required when rejecting: why, and what instead.")


class RatingIn(Credentials):
    satisfaction: int = Field(..., description="1 (very dissatisfied) to 5 (very satisfied).")
    comment: str = ""


class TimelineEntryOut(Schema):
    at: datetime
    headline: str
    body: str
    by_customer: bool


class CustomerCaseOut(Schema):
    reference: str
    state: str
    state_label: str
    received_at: datetime
    expected_by: datetime | None
    closed_at: datetime | None
    category: str | None
    resolution: str = Field("", description="The proposal waiting for the customer's answer.")
    compensation: str = ""
    satisfaction: int | None
    actions: list[str] = Field(
        ..., description="What the customer may do now: message, answer, rate, dispute."
    )
    timeline: list[TimelineEntryOut]


class OptionOut(Schema):
    code: str
    name: str


class UnitOptionOut(OptionOut):
    kind: str
    store: str


class OptionsOut(Schema):
    categories: list[OptionOut]
    units: list[UnitOptionOut]
    preferred_contact: list[OptionOut]
    max_files: int
    max_file_bytes: int


class StaffCaseSummaryOut(Schema):
    reference: str
    channel: str
    state: str
    state_label: str
    severity: str
    urgency: str
    received_at: datetime
    resolve_due: datetime | None
    store: str
    category: str | None
    complainant_name: str
    complainant_phone: str
    complainant_email: str


class StaffEventOut(Schema):
    at: datetime
    kind: str
    action: str
    body: str
    customer_visible: bool


class StaffCaseOut(StaffCaseSummaryOut):
    unit_complained_about: str | None
    responsible_unit: str | None
    product_name: str
    product_batch: str
    incident_date: date | None
    description: str
    customer_demand: str
    resolution: str
    satisfaction: int | None
    closed_at: datetime | None
    events: list[StaffEventOut]


class StaffCaseListOut(Schema):
    count: int
    items: list[StaffCaseSummaryOut]
