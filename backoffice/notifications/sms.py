"""SMS backends. Set SMS_BACKEND to a dotted path of a class with `send(to, text)`; the
default writes each message to the log (there is no gateway in the embedded setup).
Production settings refuse the log backend unless SMS_ALLOW_LOG_BACKEND is set."""

import logging

from backoffice.access import mask_phone
from config.logredact import redact_tracking

logger = logging.getLogger("backoffice.sms")

LOG_BACKEND = "backoffice.notifications.sms.LogSmsBackend"


class LogSmsBackend:
    """Writes what would be sent, without what must not be in a log: the number is masked and
    the tracking link's code redacted (the link opens the case to whoever reads it)."""

    def send(self, to: str, text: str) -> None:
        logger.info("SMS to %s: %s", mask_phone(to), redact_tracking(text))


class MemorySmsBackend:
    """For tests: keeps what was sent in `outbox`, like Django's locmem e-mail backend."""

    outbox: list[tuple[str, str]] = []

    def send(self, to: str, text: str) -> None:
        MemorySmsBackend.outbox.append((to, text))


class FailingSmsBackend:
    """For tests and drills: every send fails, so retries and failure reports can be seen."""

    def send(self, to: str, text: str) -> None:
        raise ConnectionError("SMS gateway unreachable")
