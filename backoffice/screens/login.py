"""The staff sign-in form. Wagtail's own leaves the password field without a label, so Django
prints the bare field name ("Password") untranslated on the Chinese sign-in page."""

from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms.auth import LoginForm


class StaffLoginForm(LoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].label = _("Password")
