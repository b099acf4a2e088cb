"""The online complaint form, its confirmation and the acknowledgement PDF
(served by portal.models.ComplaintFormPage's routes).

POST → case_submit → redirect to the confirmation (post-redirect-get). Nothing the customer
typed or uploaded is lost on an error: the form comes back filled in, and files that passed the
checks are kept in the session's holding area.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers

from backoffice import public
from backoffice.downloads import download
from backoffice.services.errors import CaseActionError
from portal import challenge, grants, holding, ratelimit
from portal.customer import customer_submit
from portal.forms import ComplaintForm

TEMPLATE = "portal/complaint_form_page.html"


def subpage_url(page, name: str, *args) -> str:
    return page.url + page.reverse_subpage(name, args=args)


def complaint_form(request: HttpRequest, page) -> HttpResponse:
    if request.method == "POST":
        return _submit(request, page)
    return _render(request, page, ComplaintForm(), challenge.issue(), kept=[])


def _submit(request: HttpRequest, page) -> HttpResponse:
    token = challenge.read(request.POST.get("form_token", ""))
    kept = holding.kept_from_post(request)
    form = ComplaintForm(request.POST, request.FILES, kept=kept)
    form.is_valid()
    refusal = challenge.refusal(token, request.POST.get(challenge.HONEYPOT_FIELD, ""))
    if refusal is not None:
        form.add_error(None, refusal)
    if token is None or refusal == challenge.STALE:
        # A renewed form keeps its key, so a resend still finds the first case; a missing or
        # forged token (with any refusal, the honeypot's too) gets a fresh one.
        token = challenge.renew(token)
    status, retry_after = 400, None
    if not form.errors:
        ip = ratelimit.client_ip(request)
        if not ratelimit.submit_allowed(ip):
            form.add_error(None, ratelimit.SUBMIT_LIMITED)
            status, retry_after = 429, ratelimit.retry_after(ratelimit.HOUR)
        else:
            submission = _submit_case(request, form, kept, token)
            if submission is not None:
                if not submission.created:
                    ratelimit.release(ratelimit.SUBMIT_IP, ip)
                holding.discard(request, kept)
                grants.grant_submitted(request, submission.case)
                return HttpResponseRedirect(subpage_url(page, "done"))
    kept = kept + [holding.keep(request, upload) for upload in form.accepted_uploads]
    response = _render(request, page, form, token, kept=kept, status=status)
    if retry_after is not None:
        ratelimit.with_retry_after(response, retry_after)
    return response


def _submit_case(request, form: ComplaintForm, kept, token):
    """case_submit with the new and the kept files; None (and form errors) when refused."""
    opened = [holding.open_file(request, item) for item in kept]
    try:
        return customer_submit(
            data=form.case_data(),
            uploads=form.accepted_uploads + opened,
            submission_key=f"web-{token.key}",
        )
    except CaseActionError as error:
        for field, message in error.field_errors.items():
            form.add_error(field if field in form.fields else None, message)
        if not error.field_errors:
            form.add_error(None, error.message)
        return None
    finally:
        for handle in opened:
            handle.close()


def _render(request, page, form, token, *, kept, status=200) -> HttpResponse:
    context = {
        "page": page,
        "self": page,
        "form": form,
        "form_token": token.dumps(),
        "kept": kept,
        "kept_files": holding.dumps(request, kept),
        "error_links": form.error_links() if form.is_bound else [],
        "honeypot_field": challenge.HONEYPOT_FIELD,
    }
    response = TemplateResponse(request, TEMPLATE, context, status=status)
    add_never_cache_headers(response)
    return response


def complaint_done(request: HttpRequest, page) -> HttpResponse:
    """The confirmation: reference, private tracking code, expected date. Only for the session
    that submitted the case."""
    case = grants.submitted_case(request)
    if case is None:
        return HttpResponseRedirect(page.url)
    context = {
        "page": page,
        "self": page,
        "case": case,
        "tracking_code": public.customer_tracking_code(case),
        "expected_by": public.expected_by(case),
        "pdf_url": subpage_url(page, "acknowledgement"),
        "tracking_url": _tracking_case_url(page),
    }
    response = TemplateResponse(request, "portal/complaint_done.html", context)
    add_never_cache_headers(response)
    return response


def _tracking_case_url(page) -> str | None:
    from portal.models import TrackingPage

    tracking = TrackingPage.objects.live().filter(locale_id=page.locale_id).first()
    return subpage_url(tracking, "case") if tracking else None


def acknowledgement_pdf(request: HttpRequest, page) -> HttpResponse:
    case = grants.submitted_case(request)
    if case is None:
        return HttpResponseRedirect(page.url)
    return pdf_response(case)


def pdf_response(case) -> HttpResponse:
    """The acknowledgement letter (受理函) of `case` as a download."""
    from backoffice.documents import render_document

    filename, content = render_document("acknowledgement", case)
    response = download(content, filename=filename, content_type="application/pdf")
    add_never_cache_headers(response)
    return response
