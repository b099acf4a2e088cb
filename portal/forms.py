"""The public forms: the complaint, the tracking lookup and what a customer may do on a case.

Forms only clean and describe input. Whether an action is allowed and what it changes is decided
by backoffice (workflow table, services); uploads are judged and cleaned by backoffice's
`clean_upload`, called here too so that each file's problem shows beside the file field and only
cleaned files are kept between attempts.
"""

from __future__ import annotations

from datetime import date

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from backoffice import public
from backoffice.choices import ContactPreference
from backoffice.services.errors import CaseActionError
from backoffice.services.uploads import clean_upload
from portal.validators import normalise_phone

ACCEPT_ATTRIBUTE = "image/jpeg,image/png,image/webp,image/heic,application/pdf,video/mp4,video/quicktime,.jpg,.jpeg,.png,.webp,.heic,.pdf,.mp4,.mov"


def english() -> bool:
    return (get_language() or "").startswith("en")


class AccessibleFormMixin:
    """Ties each input to its help text and errors (aria-describedby, aria-invalid), so a screen
    reader announces them with the field."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.describe_fields()

    def full_clean(self):
        super().full_clean()
        self.describe_fields()

    def describe_fields(self) -> None:
        errors = getattr(self, "_errors", None) or {}
        for name, field in self.fields.items():
            bound = self[name]
            ids = []
            if field.help_text:
                ids.append(f"{bound.auto_id}_help")
            if name in errors:
                ids.append(f"{bound.auto_id}_error")
                field.widget.attrs["aria-invalid"] = "true"
            else:
                field.widget.attrs.pop("aria-invalid", None)
            if ids:
                field.widget.attrs["aria-describedby"] = " ".join(ids)
            else:
                field.widget.attrs.pop("aria-describedby", None)

    def error_links(self) -> list[tuple[str, str]]:
        """(anchor, message) for the error summary at the top of the page, in field order."""
        links = [("", str(message)) for message in self.non_field_errors()]
        for name in self.fields:
            if name in self.errors:
                bound = self[name]
                anchor = bound.auto_id
                if isinstance(bound.field.widget, forms.RadioSelect):
                    anchor = f"{anchor}_0"
                for message in self.errors[name]:
                    links.append((anchor, str(message)))
        return links


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        # Each file is judged by content in UploadsMixin.clean_attachments.
        return data


class UploadsMixin:
    """An `attachments` field whose files are checked one by one by content. Files that pass
    are collected, cleaned, in `accepted_uploads` even when the form has other errors, so the
    view can keep them for the next attempt. `kept` are files kept from an earlier attempt."""

    def __init__(self, *args, kept=(), **kwargs):
        self.kept = list(kept)
        self.accepted_uploads: list = []
        super().__init__(*args, **kwargs)
        limit = settings.UPLOAD_MAX_FILES
        megabytes = settings.UPLOAD_MAX_BYTES // (1024 * 1024)
        self.fields["attachments"].help_text = (
            _(
                "Up to %(count)d files, each at most %(mb)d MB: photos (JPG, PNG, WebP, HEIC), PDF or "
                "a short video (MP4, MOV)."
            )
            % {"count": limit, "mb": megabytes}
            + " "
            + _("Together at most %(total)d MB each time you send the form.")
            % {"total": settings.REQUEST_MAX_BYTES // (1024 * 1024)}
        )

    def clean_attachments(self):
        uploads = self.files.getlist(self.add_prefix("attachments")) if self.files else []
        room = settings.UPLOAD_MAX_FILES - len(self.kept)
        problems = []
        for upload in uploads:
            if not upload.name and not upload.size:
                continue  # an empty file input
            if len(self.accepted_uploads) >= room:
                problems.append(
                    _("Only %(count)d files can be attached: “%(name)s” was not added.")
                    % {"count": settings.UPLOAD_MAX_FILES, "name": upload.name}
                )
                continue
            try:
                self.accepted_uploads.append(clean_upload(upload))
            except CaseActionError as error:
                problems.append(str(error.message))
        if problems:
            raise forms.ValidationError(problems)
        return self.accepted_uploads


def _attachments_field(label):
    return MultipleFileField(
        label=label,
        required=False,
        widget=MultipleFileInput(attrs={"accept": ACCEPT_ATTRIBUTE}),
    )


def _unit_label(unit) -> str:
    return (unit.name_en or unit.name) if english() else unit.name


class ComplaintForm(AccessibleFormMixin, UploadsMixin, forms.Form):
    category = forms.ModelChoiceField(
        label=_("What is your complaint about?"),
        queryset=public.public_categories(),
        empty_label=_("Choose a category"),
        error_messages={"required": _("Choose what your complaint is about.")},
    )
    unit = forms.ChoiceField(
        label=_("Store or counter"),
        help_text=_("Choose the store, or the department or counter within it."),
        error_messages={"required": _("Choose the store or counter concerned.")},
    )
    product_name = forms.CharField(label=_("Product"), required=False, max_length=120)
    product_batch = forms.CharField(
        label=_("Batch or LOT number"),
        required=False,
        max_length=60,
        help_text=_("Printed on the packaging, often next to the best-before date."),
    )
    incident_date = forms.DateField(
        label=_("Date of the incident"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("For example 2026-11-20."),
        error_messages={"invalid": _("Enter a date like 2026-11-20.")},
    )
    description = forms.CharField(
        label=_("What happened?"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Tell us what happened.")},
    )
    customer_demand = forms.CharField(
        label=_("What would you like us to do?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example a refund, an exchange, a repair or an apology."),
    )
    complainant_name = forms.CharField(
        label=_("Your name"),
        max_length=80,
        error_messages={"required": _("Tell us your name.")},
    )
    complainant_phone = forms.CharField(
        label=_("Phone"),
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
        help_text=_("A mobile number or a landline with its area code."),
    )
    complainant_email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={"invalid": _("Enter an e-mail address like name@example.com.")},
    )
    preferred_contact = forms.ChoiceField(
        label=_("How should we contact you?"),
        choices=ContactPreference.choices,
        initial=ContactPreference.PHONE,
        widget=forms.RadioSelect,
    )
    attachments = _attachments_field(_("Photos, receipts or other evidence"))
    consent = forms.BooleanField(
        label=_(
            "I have read the privacy notice and agree that my details are used to handle this complaint."
        ),
        error_messages={
            "required": _(
                "Please agree to the privacy notice: we cannot handle a complaint without your details."
            )
        },
    )
    # The honeypot: hidden from people (see the template), tempting to scripts.
    website = forms.CharField(label=_("Leave this field empty"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["complainant_name"].widget.attrs["autocomplete"] = "name"
        groups = public.units_by_store(public.public_units())
        choices: list = [("", _("Choose a store or counter"))]
        for store, members in groups:
            options = [
                (str(store.pk), _("%(store)s (whole store)") % {"store": _unit_label(store)})
            ]
            options += [(str(unit.pk), _unit_label(unit)) for unit in members]
            choices.append((_unit_label(store), options))
        self.fields["unit"].choices = choices
        self._units = {str(store.pk): store for store, _m in groups} | {
            str(unit.pk): unit for _s, members in groups for unit in members
        }

    def clean_unit(self):
        unit = self._units.get(self.cleaned_data.get("unit") or "")
        if unit is None:
            raise forms.ValidationError(_("Choose the store or counter concerned."))
        return unit

    def clean_incident_date(self):
        value: date | None = self.cleaned_data.get("incident_date")
        if value and value > timezone.localdate():
            raise forms.ValidationError(_("The date of the incident cannot be in the future."))
        return value

    def clean_complainant_name(self):
        return self.cleaned_data["complainant_name"].strip()

    def clean_complainant_phone(self):
        value = self.cleaned_data.get("complainant_phone", "").strip()
        return normalise_phone(value) if value else ""

    def clean(self):
        cleaned = super().clean()
        phone, email = cleaned.get("complainant_phone"), cleaned.get("complainant_email")
        phone_typed = bool(phone) or "complainant_phone" in self.errors
        email_typed = bool(email) or "complainant_email" in self.errors
        if not phone_typed and not email_typed:
            self.add_error(
                "complainant_phone",
                _("Give a phone number or an e-mail address (or both) so that we can answer you."),
            )
            return cleaned
        preference = cleaned.get("preferred_contact")
        if preference in (ContactPreference.PHONE, ContactPreference.SMS) and not phone_typed:
            self.add_error(
                "preferred_contact",
                _(
                    "You chose to be contacted by phone or SMS: please give a phone number, "
                    "or choose e-mail."
                ),
            )
        if preference == ContactPreference.EMAIL and not email_typed:
            self.add_error(
                "preferred_contact",
                _(
                    "You chose to be contacted by e-mail: please give an e-mail address, "
                    "or choose phone."
                ),
            )
        return cleaned

    def case_data(self) -> dict:
        """The values for backoffice.services.cases.case_submit."""
        data = self.cleaned_data
        return {
            "category": data["category"],
            **public.place_of_complaint(data["unit"]),
            "product_name": data.get("product_name", ""),
            "product_batch": data.get("product_batch", ""),
            "incident_date": data.get("incident_date"),
            "description": data["description"],
            "customer_demand": data.get("customer_demand", ""),
            "complainant_name": data["complainant_name"],
            "complainant_phone": data.get("complainant_phone", ""),
            "complainant_email": data.get("complainant_email", ""),
            "preferred_contact": data["preferred_contact"],
            "language": "en" if english() else "zh-hans",
        }


class TrackingForm(AccessibleFormMixin, forms.Form):
    reference = forms.CharField(
        label=_("Complaint reference"),
        max_length=20,
        help_text=_("For example K7M4-Q9XB, as on your acknowledgement."),
        error_messages={"required": _("Enter the reference of your complaint.")},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    code = forms.CharField(
        label=_("Tracking code"),
        max_length=40,
        help_text=_("The private code we gave you with the reference."),
        error_messages={"required": _("Enter your tracking code.")},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )


class CustomerMessageForm(AccessibleFormMixin, UploadsMixin, forms.Form):
    message = forms.CharField(
        label=_("Your message"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Write your message.")},
    )
    attachments = _attachments_field(_("Add files"))


class AcceptForm(AccessibleFormMixin, forms.Form):
    message = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class RejectForm(AccessibleFormMixin, forms.Form):
    message = forms.CharField(
        label=_("Why does this not resolve your complaint?"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Tell us what you would accept instead."),
        error_messages={"required": _("Tell us why you reject the proposal.")},
    )


class RateForm(AccessibleFormMixin, forms.Form):
    satisfaction = forms.TypedChoiceField(
        label=_("How satisfied are you with how we handled your complaint?"),
        coerce=int,
        choices=[
            (5, _("5 – very satisfied")),
            (4, _("4 – satisfied")),
            (3, _("3 – neither")),
            (2, _("2 – dissatisfied")),
            (1, _("1 – very dissatisfied")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a rating from 1 to 5.")},
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class DisputeForm(AccessibleFormMixin, forms.Form):
    message = forms.CharField(
        label=_("What do you disagree with?"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Your complaint will be reopened and passed to a senior colleague."),
        error_messages={"required": _("Tell us what you disagree with.")},
    )


# The form for each customer action of the workflow table.
ACTION_FORMS: dict[str, type[forms.Form]] = {
    "customer_message": CustomerMessageForm,
    "customer_reply": CustomerMessageForm,
    "customer_accept": AcceptForm,
    "customer_reject": RejectForm,
    "customer_rate": RateForm,
    "dispute": DisputeForm,
}
