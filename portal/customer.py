"""What a customer does, for the web pages and the API alike: every write is a backoffice
service call with actor=CUSTOMER."""

from __future__ import annotations

from django.db import transaction

from backoffice.choices import Channel
from backoffice.models import Case
from backoffice.services.attachments import attachment_add
from backoffice.services.cases import Submission, case_submit, case_transition
from backoffice.workflow import CUSTOMER


def customer_submit(*, data: dict, uploads=(), submission_key: str | None) -> Submission:
    """Record an online complaint (acknowledged at once, acknowledgement queued by the
    service). The same submission_key always yields the first case."""
    return case_submit(
        channel=Channel.ONLINE,
        data=data,
        actor=CUSTOMER,
        attachments=list(uploads),
        submission_key=submission_key,
    )


def customer_act(*, case: Case, action: str, data: dict, uploads=()) -> Case:
    """Take `action` as the customer and attach `uploads`, in one transaction: either all of
    it happens or nothing does. Raises CaseActionError when the workflow refuses."""
    with transaction.atomic():
        case = case_transition(case=case, action=action, actor=CUSTOMER, data=data)
        for upload in uploads:
            attachment_add(case=case, upload=upload, actor=CUSTOMER)
    return case
