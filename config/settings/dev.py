"""The embedded default that `make run` serves: SQLite, console e-mail, in-process tasks."""

from .base import *  # noqa: F403

DEBUG = env.bool("DEBUG", default=True)  # noqa: F405
