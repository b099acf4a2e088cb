"""Tracking a complaint (served by portal.models.TrackingPage's routes).

The reference and tracking code (typed in, or from the acknowledgement's link) grant the case
to the browser session, and the case is then shown at /track/case/ with no secret in the URL.
A wrong pair gets one neutral answer whatever was wrong, and failures are rate-limited per
address (never per reference: strangers cannot lock a customer out), and a 429 says when to
come back (Retry-After). Every change is a POST through backoffice's case_transition.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _

from backoffice import public
from backoffice.services.errors import CaseActionError
from portal import grants, holding, ratelimit
from portal.customer import customer_act
from portal.forms import ACTION_FORMS, TrackingForm, UploadsMixin
from portal.lookup import NOT_RECOGNISED, open_case
from portal.timeline import timeline_entries
from portal.views.complaint import pdf_response, subpage_url

DONE_MESSAGES = {
    "customer_message": _("Thank you: your message was added to your complaint."),
    "customer_reply": _("Thank you: your reply was added to your complaint."),
    "customer_accept": _(
        "Thank you: you accepted the proposed resolution. We will now carry it out."
    ),
    "customer_reject": _(
        "We noted that you do not accept the proposal. We will look at it again and contact you."
    ),
    "customer_rate": _("Thank you for rating how we handled your complaint."),
    "dispute": _("Your complaint has been reopened and passed to a senior colleague."),
}


def tracking_lookup(request: HttpRequest, page) -> HttpResponse:
    status, refusal, retry_after = 200, None, None
    if request.method == "POST":
        form = TrackingForm(request.POST)
        if form.is_valid():
            lookup = open_case(request, form.cleaned_data["reference"], form.cleaned_data["code"])
            if lookup.case is not None:
                grants.grant_tracking(request, lookup.case)
                return HttpResponseRedirect(subpage_url(page, "case"), status=303)
            # The reference stays filled in; the code does not linger in the page.
            form = TrackingForm(initial={"reference": form.cleaned_data["reference"]})
            refusal = lookup.refusal
            status = 429 if lookup.status == 429 else 400
            retry_after = lookup.retry_after
        else:
            status = 400
    else:
        form = TrackingForm()
    return _render_lookup(request, page, form, status, refusal, retry_after)


def _render_lookup(
    request, page, form, status=200, refusal=None, retry_after: int | None = None
) -> HttpResponse:
    error_links = [("", str(refusal))] if refusal else form.error_links() if form.is_bound else []
    current = grants.tracked_case(request)
    context = {
        "page": page,
        "self": page,
        "form": form,
        "error_links": error_links,
        "current_case": current,
        "case_url": subpage_url(page, "case"),
    }
    response = TemplateResponse(request, "portal/tracking_page.html", context, status=status)
    add_never_cache_headers(response)
    if retry_after is not None:
        ratelimit.with_retry_after(response, retry_after)
    return response


def tracking_link(request: HttpRequest, page, reference: str, code: str) -> HttpResponse:
    """The link in the acknowledgement: grant the case, then move to the clean URL so that the
    code leaves the address bar."""
    lookup = open_case(request, reference, code)
    if lookup.case is None:
        form = TrackingForm(initial={"reference": reference})
        return _render_lookup(
            request, page, form, lookup.status, lookup.refusal, lookup.retry_after
        )
    grants.grant_tracking(request, lookup.case)
    response = HttpResponseRedirect(subpage_url(page, "case"))
    response["Referrer-Policy"] = "no-referrer"
    add_never_cache_headers(response)
    return response


def tracking_link_not_recognised(request: HttpRequest, page, reference: str) -> HttpResponse:
    form = TrackingForm(initial={"reference": reference})
    return _render_lookup(request, page, form, 404, NOT_RECOGNISED)


def tracking_case(request: HttpRequest, page) -> HttpResponse:
    case = grants.tracked_case(request)
    if case is None:
        return HttpResponseRedirect(page.url)
    if request.method == "POST":
        return _act(request, page, case)
    return _render_case(request, page, case)


def _act(request: HttpRequest, page, case) -> HttpResponse:
    action = request.POST.get("action", "")
    if action in ("customer_message", "customer_reply"):
        action = public.customer_message_action(case) or action
    if action not in public.customer_action_names(case) or action not in ACTION_FORMS:
        messages.error(
            request,
            _(
                "That is not possible at this stage of your complaint. The page shows what you can do now."
            ),
        )
        return HttpResponseRedirect(subpage_url(page, "case"), status=303)
    form_class = ACTION_FORMS[action]
    takes_files = issubclass(form_class, UploadsMixin)
    kept = holding.kept_from_post(request) if takes_files else []
    options = {"kept": kept} if takes_files else {}
    form = form_class(request.POST, request.FILES, prefix=_prefix(action), **options)
    if form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "attachments"}
        uploads = list(getattr(form, "accepted_uploads", []))
        opened = [holding.open_file(request, item) for item in kept]
        try:
            customer_act(case=case, action=action, data=data, uploads=uploads + opened)
        except CaseActionError as error:
            for field, text in error.field_errors.items():
                form.add_error(field if field in form.fields else None, text)
            if not error.field_errors:
                form.add_error(None, error.message)
        else:
            holding.discard(request, kept)
            messages.success(request, DONE_MESSAGES[action])
            return HttpResponseRedirect(subpage_url(page, "case"), status=303)
        finally:
            for handle in opened:
                handle.close()
    if takes_files:
        kept = kept + [holding.keep(request, upload) for upload in form.accepted_uploads]
    return _render_case(request, page, case, bound=(action, form, kept), status=400)


def _prefix(action: str) -> str:
    # One prefix for both message actions, so the form keeps its ids when the state changes.
    return "message" if action in ("customer_message", "customer_reply") else action


def _render_case(request, page, case, *, bound=None, status=200) -> HttpResponse:
    names = public.customer_action_names(case)
    message_action = public.customer_message_action(case)
    forms = {}
    for action in ("customer_accept", "customer_reject", "customer_rate", "dispute"):
        if action in names:
            forms[action] = ACTION_FORMS[action](prefix=_prefix(action))
    if "customer_rate" in forms and case.satisfaction:
        forms["customer_rate"].initial = {
            "satisfaction": case.satisfaction,
            "comment": case.satisfaction_comment,
        }
    if message_action:
        forms["message"] = ACTION_FORMS[message_action](prefix="message", kept=[])
    kept, error_links = [], []
    if bound is not None:
        action, form, kept = bound
        forms["message" if _prefix(action) == "message" else action] = form
        error_links = form.error_links()
    context = {
        "page": page,
        "self": page,
        "case": case,
        "expected_by": public.expected_by(case),
        "clock_paused": public.clock_paused(case),
        "timeline": timeline_entries(public.customer_timeline(case)),
        "attachments": public.customer_attachments(case),
        "forms": forms,
        "message_action": message_action,
        "kept": kept,
        "kept_files": holding.dumps(request, kept),
        "error_links": error_links,
        "pdf_url": subpage_url(page, "acknowledgement"),
    }
    response = TemplateResponse(request, "portal/tracking_case.html", context, status=status)
    add_never_cache_headers(response)
    return response


def tracking_acknowledgement(request: HttpRequest, page) -> HttpResponse:
    case = grants.tracked_case(request)
    if case is None:
        return HttpResponseRedirect(page.url)
    return pdf_response(case)
