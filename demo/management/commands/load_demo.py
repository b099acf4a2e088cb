from django.core.management.base import BaseCommand
from django.db import transaction

from demo.organisation import load_accounts, load_organisation
from demo.pages import load_pages


class Command(BaseCommand):
    help = "Load the demo organisation, accounts and pages once; later runs change nothing."

    @transaction.atomic
    def handle(self, *args, **options):
        units = load_organisation()
        accounts = load_accounts(units)
        load_pages()
        from demo.cases import load_cases

        created = load_cases(units)
        if created:
            self.stdout.write(f"Demo cases created: {created}")
        self.stdout.write(self.style.SUCCESS("Demo accounts (username / password / role):"))
        for username, password, role in accounts:
            self.stdout.write(f"  {username:<12} {password:<24} {role}")
        self.stdout.write(
            "Portal: http://127.0.0.1:8000/   Staff admin: http://127.0.0.1:8000/admin/"
        )
