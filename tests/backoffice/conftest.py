"""Shared fixtures live in tests/conftest.py: cases are made through the real services."""

from tests.conftest import SHANGHAI, at  # noqa: F401  (tests import these from here)
