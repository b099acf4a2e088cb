from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from portal.tokens import SecondFactorMissing, api_token_create


class Command(BaseCommand):
    help = (
        "Create a staff API token for USERNAME and print it once. Only its digest is stored: "
        "if it is lost, create a new one."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="", help="What the token is for.")

    def handle(self, *args, username, name, **options):
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"No active user called {username!r}.")
        try:
            token, plaintext = api_token_create(user=user, name=name)
        except SecondFactorMissing:
            raise CommandError(
                f"{username} has not set up a second factor: they sign in to the admin once "
                "and set up an authenticator app first."
            ) from None
        self.stderr.write(
            f"Token {token.prefix}… created for {username}. It is shown only now; keep it safe."
        )
        self.stdout.write(plaintext)
