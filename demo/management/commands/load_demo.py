from django.core.management.base import BaseCommand
from django.db import transaction
from django.test import override_settings

from demo.organisation import load_accounts, load_organisation
from demo.pages import load_pages


class Command(BaseCommand):
    help = "Load the demo organisation, accounts and pages once; later runs change nothing."

    def handle(self, *args, **options):
        # The demo cases send their acknowledgements and staff notices through the outbox like
        # any case, but a console full of demo e-mails would hide the logins printed below: they
        # are delivered to memory. What real cases send later still reaches the console.
        with (
            override_settings(
                EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
                SMS_BACKEND="backoffice.notifications.sms.MemorySmsBackend",
            ),
            transaction.atomic(),
        ):
            accounts, created = self._load()
        if created:
            self.stdout.write(
                f"Demo cases created: {created} (their e-mails and SMS were delivered quietly)"
            )
        self.stdout.write(self.style.SUCCESS("Demo accounts (username / password / role):"))
        for username, password, role in accounts:
            self.stdout.write(f"  {username:<12} {password:<24} {role}")
        self.stdout.write(
            "Portal: http://127.0.0.1:8000/   Staff admin: http://127.0.0.1:8000/admin/"
        )

    def _load(self):
        units = load_organisation()
        accounts = load_accounts(units)
        load_pages()
        from demo.cases import load_cases

        return accounts, load_cases(units)
