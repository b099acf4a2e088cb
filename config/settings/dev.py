"""The embedded default that `make run` serves: SQLite, console e-mail, in-process tasks."""

from .base import *  # noqa: F403

DEBUG = env.bool("DEBUG", default=True)  # noqa: F405
# The demo accounts of `make run` sign in with their password alone. Set MFA_REQUIRED=true to
# try the second factor locally; `check --deploy` errors while it is off.
MFA_REQUIRED = env.bool("MFA_REQUIRED", default=False)  # noqa: F405
