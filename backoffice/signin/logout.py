"""Signing out by POST only. Wagtail's logout view answers GET with 405 but still deletes the
session cookie on the way out (and queues "logged out"), so a link or an <img> on any page
could sign a member out; this view leaves GET without effect."""

from django.http import HttpRequest, HttpResponse

from wagtail.admin.views.account import LogoutView


class StaffLogoutView(LogoutView):
    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method.lower() not in self.http_method_names:
            return self.http_method_not_allowed(request, *args, **kwargs)
        return super().dispatch(request, *args, **kwargs)
