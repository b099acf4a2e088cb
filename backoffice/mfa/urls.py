from django.urls import path

from backoffice.mfa import views

urlpatterns = [
    path("second-factor/", views.challenge, name="backoffice_mfa_challenge"),
    path("second-factor/set-up/", views.enrol, name="backoffice_mfa_enrol"),
    path(
        "second-factor/recovery-codes/",
        views.recovery_codes_renew,
        name="backoffice_mfa_recovery_codes",
    ),
    path(
        "second-factor/reset/<int:user_pk>/",
        views.ResetView.as_view(),
        name="backoffice_mfa_reset",
    ),
]
