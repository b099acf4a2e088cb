"""Forms for the staff screens: intake and one small form per workflow action, built from the
action's `requires`/`optional` in the workflow table. Values are judged by the services
(backoffice.services.fields); these forms only choose widgets and choices."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from backoffice.access import units_visible_to
from backoffice.choices import (
    HANDLING_ROLES,
    Channel,
    CompensationKind,
    ContactPreference,
    Gender,
    Severity,
    UnitKind,
    Urgency,
    Validity,
)
from backoffice.models import CannedReply, Case, Category, ReferringBody, Unit
from backoffice.workflow import Action

YES_NO = [("true", _("Yes")), ("false", _("No"))]
SCORES = [("", "—")] + [(str(n), str(n)) for n in range(1, 6)]

LABELS = {
    "message": _("Message to the customer"),
    "note": _("Note"),
    "resolution": _("Proposed resolution"),
    "validity_reason": _("Reason"),
    "cause": _("Cause"),
    "corrective_action": _("Corrective action"),
    "prevention": _("Prevention"),
    "comment": _("Comment"),
    "petty_cash_slip": _("Petty-cash slip number"),
    "category": _("Category"),
    "severity": _("Severity"),
    "urgency": _("Urgency"),
    "validity": _("Validity"),
    "responsible_unit": _("Responsible unit"),
    "owner": _("New owner"),
    "reached": _("Customer reached?"),
    "satisfaction": _("Satisfaction (1–5)"),
    "compensation_kind": _("Compensation"),
    "compensation_amount": _("Amount (¥)"),
    "quality_problem": _("Quality problem?"),
    "commission_deducted": _("Deduct the counter's commission?"),
    "into": _("Merge into case (reference)"),
}

# Internal notes are not for the customer: label them accordingly per action.
NOTE_LABELS = {
    "customer_reply": _("What the customer said"),
    "customer_reject": _("What the customer said"),
    "dispute": _("What the customer disputes"),
    "customer_accept": _("Customer's words (optional)"),
    "approve_compensation": _("Message to the customer (optional)"),
    "implement": _("What was done"),
}


def handlers_for(case: Case):
    """Colleagues who may own the case: handling roles in a unit that can see it."""
    unit = case.store
    paths = []
    while unit is not None:
        paths.append(unit.path)
        unit = unit.parent
    users = get_user_model().objects.filter(
        is_active=True,
        staff__role__in=list(HANDLING_ROLES),
        staff__unit__path__startswith=case.store.path,
    ) | get_user_model().objects.filter(
        is_active=True, staff__role__in=list(HANDLING_ROLES), staff__unit__path__in=paths
    )
    return users.distinct().order_by("last_name", "first_name")


def routing_units(case: Case):
    return Unit.objects.filter(active=True).filter(
        path__startswith=case.store.path
    ) | Unit.objects.filter(active=True, kind__in=[UnitKind.SUPPLIER, UnitKind.CARRIER])


def _field(name: str, action: Action, case: Case, required: bool) -> forms.Field:
    label = (
        NOTE_LABELS.get(action.name, LABELS[name]) if name in ("message", "note") else LABELS[name]
    )
    if name in (
        "message",
        "note",
        "resolution",
        "validity_reason",
        "cause",
        "corrective_action",
        "prevention",
        "comment",
    ):
        return forms.CharField(
            label=label, required=required, widget=forms.Textarea(attrs={"rows": 4})
        )
    if name == "into":
        return forms.CharField(
            label=label,
            required=required,
            max_length=20,
            help_text=_("The reference of the case that carries on, e.g. K7M4-Q9XB."),
        )
    if name == "petty_cash_slip":
        return forms.CharField(label=label, required=required, max_length=40)
    if name == "category":
        return forms.ModelChoiceField(
            Category.objects.filter(active=True), label=label, required=required
        )
    if name == "severity":
        return forms.ChoiceField(choices=Severity.choices, label=label, required=required)
    if name == "urgency":
        return forms.ChoiceField(choices=Urgency.choices, label=label, required=required)
    if name == "validity":
        if action.name == "mark_invalid":
            choices = Validity.invalid_choices()
        else:
            choices = [(v, lab) for v, lab in Validity.choices if v.startswith("valid")]
        return forms.ChoiceField(choices=[("", "—")] + choices, label=label, required=required)
    if name == "responsible_unit":
        return forms.ModelChoiceField(
            routing_units(case).distinct(), label=label, required=required
        )
    if name == "owner":
        return forms.ModelChoiceField(handlers_for(case), label=label, required=required)
    if name in ("reached", "quality_problem", "commission_deducted"):
        return forms.ChoiceField(
            choices=YES_NO, label=label, required=required, widget=forms.RadioSelect
        )
    if name == "satisfaction":
        return forms.ChoiceField(choices=SCORES, label=label, required=required)
    if name == "compensation_kind":
        return forms.ChoiceField(choices=CompensationKind.choices, label=label, required=required)
    if name == "compensation_amount":
        return forms.DecimalField(
            label=label, required=required, min_value=0, decimal_places=2, max_digits=10
        )
    raise KeyError(name)


def _initial(name: str, case: Case):
    value = getattr(case, name, None)
    if isinstance(value, bool):
        return "true" if value else "false"
    if hasattr(value, "pk"):
        return value.pk
    return value


class ActionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, action: Action, case: Case, language: str = "zh-hans", **kwargs):
        super().__init__(*args, **kwargs)
        self.action = action
        self.case = case
        for name in action.requires:
            self.fields[name] = _field(name, action, case, required=True)
        for name in action.optional:
            self.fields[name] = _field(name, action, case, required=False)
        for name in self.fields:
            if name in ("category", "severity", "urgency", "responsible_unit", "validity"):
                self.fields[name].initial = _initial(name, case)
        if action.name == "propose_resolution":
            for name in ("compensation_kind", "quality_problem", "commission_deducted"):
                self.fields[name].initial = _initial(name, case)
        if "message" in self.fields and action.customer_visible:
            replies = CannedReply.objects.filter(active=True, language=case.language)
            if replies.exists():
                self.fields["canned_reply"] = forms.ModelChoiceField(
                    replies,
                    required=False,
                    label=_("Start from a canned reply"),
                    help_text=_(
                        "Choose one and press “Insert”; you can edit the text before sending."
                    ),
                )
        self.fields["version"].initial = case.version

    def service_data(self) -> dict:
        data = {}
        for name, value in self.cleaned_data.items():
            if name in ("version", "canned_reply"):
                continue
            data[name] = getattr(value, "pk", value)
        return data


class IntakeForm(forms.ModelForm):
    """The agent's form for complaints received by phone, at the desk, by letter, e-mail,
    social media, referral or work order. Short first, details after."""

    channel = forms.ChoiceField(
        label=_("Channel"), choices=[c for c in Channel.choices if c[0] != Channel.ONLINE]
    )
    acknowledge_now = forms.BooleanField(
        label=_("Acknowledged to the customer now (reference and expected time given)"),
        required=False,
        initial=True,
    )
    confirm_new = forms.BooleanField(
        label=_("Record as a new complaint anyway"), required=False, widget=forms.HiddenInput
    )

    class Meta:
        model = Case
        fields = [
            "channel",
            "complainant_name",
            "complainant_phone",
            "complainant_email",
            "complainant_gender",
            "member_card",
            "preferred_contact",
            "store",
            "unit_complained_about",
            "category",
            "severity",
            "urgency",
            "description",
            "customer_demand",
            "product_name",
            "product_model",
            "product_batch",
            "order_number",
            "staff_involved",
            "incident_date",
            "referring_body",
            "external_reference",
            "complainant_address",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "customer_demand": forms.Textarea(attrs={"rows": 2}),
            "incident_date": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        units = units_visible_to(user).filter(active=True)
        self.fields["store"].queryset = units.filter(kind=UnitKind.STORE)
        self.fields["unit_complained_about"].queryset = units.exclude(
            kind=UnitKind.HEAD_OFFICE
        ) | Unit.objects.filter(active=True, kind__in=[UnitKind.SUPPLIER, UnitKind.CARRIER])
        self.fields["category"].queryset = Category.objects.filter(active=True)
        self.fields["referring_body"].queryset = ReferringBody.objects.all()
        self.fields["complainant_gender"].choices = Gender.choices
        self.fields["preferred_contact"].choices = ContactPreference.choices
        staff_store = units.filter(kind=UnitKind.STORE)
        if staff_store.count() == 1:
            self.fields["store"].initial = staff_store.first().pk

    def clean_complainant_phone(self):
        from backoffice.services.contacts import normalise_phone

        value = self.cleaned_data.get("complainant_phone", "")
        if not value:
            return ""
        phone = normalise_phone(value)
        if phone is None:
            raise forms.ValidationError(
                _("Enter a mobile number (11 digits) or a landline with its area code.")
            )
        return phone

    def clean(self):
        cleaned = super().clean()
        if (
            not cleaned.get("complainant_phone")
            and not cleaned.get("complainant_email")
            and not cleaned.get("complainant_address")
        ):
            raise forms.ValidationError(
                _("Give at least one way to reach the customer: phone, e-mail or address.")
            )
        if cleaned.get("channel") == Channel.REFERRAL and not cleaned.get("referring_body"):
            self.add_error("referring_body", _("Which body referred this complaint?"))
        return cleaned


def show_refusal(form: forms.Form, refusal) -> None:
    """Put a service's refusal (CaseActionError) on the form: each message beside its field,
    or at the top when it concerns no field."""
    for field, message in refusal.field_errors.items():
        form.add_error(field if field in form.fields else None, message)
    if not refusal.field_errors:
        form.add_error(None, refusal.message)
