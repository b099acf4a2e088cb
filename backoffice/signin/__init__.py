"""Staff sign-in around Wagtail's login: throttling failed logins (django-axes), session
timeouts, the current password for account changes, sign-out by POST only."""
