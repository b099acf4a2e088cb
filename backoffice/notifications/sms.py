"""SMS backends. Set SMS_BACKEND to a dotted path of a class with `send(to, text)`; the
default writes each message to the log (there is no gateway in the embedded setup)."""

import logging

logger = logging.getLogger("backoffice.sms")


class LogSmsBackend:
    def send(self, to: str, text: str) -> None:
        logger.info("SMS to %s: %s", to, text)


class MemorySmsBackend:
    """For tests: keeps what was sent in `outbox`, like Django's locmem e-mail backend."""

    outbox: list[tuple[str, str]] = []

    def send(self, to: str, text: str) -> None:
        MemorySmsBackend.outbox.append((to, text))


class FailingSmsBackend:
    """For tests and drills: every send fails, so retries and failure reports can be seen."""

    def send(self, to: str, text: str) -> None:
        raise ConnectionError("SMS gateway unreachable")
