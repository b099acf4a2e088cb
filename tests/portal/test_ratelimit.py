"""The database rate limiter: fixed minute and hour windows, atomic counting, old windows
pruned, and how long a refused caller waits."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from portal import ratelimit
from portal.models import RateCounter

pytestmark = pytest.mark.django_db

NOON = datetime(2026, 11, 20, 12, 15, tzinfo=ZoneInfo("Asia/Shanghai"))


def test_hits_are_allowed_up_to_the_limit_within_the_hour():
    results = [
        ratelimit.hit("test", "1.2.3.4", 3, now=NOON + timedelta(minutes=i)) for i in range(5)
    ]
    assert results == [True, True, True, False, False]
    assert ratelimit.count("test", "1.2.3.4", now=NOON) == 5


def test_a_new_hour_starts_a_new_window():
    for _ in range(3):
        ratelimit.hit("test", "1.2.3.4", 3, now=NOON)
    assert ratelimit.exceeded("test", "1.2.3.4", 3, now=NOON)
    assert not ratelimit.exceeded("test", "1.2.3.4", 3, now=NOON + timedelta(minutes=50))
    assert ratelimit.hit("test", "1.2.3.4", 3, now=NOON + timedelta(minutes=50))


def test_keys_and_scopes_are_counted_apart():
    ratelimit.hit("test", "1.2.3.4", 1, now=NOON)
    assert ratelimit.hit("test", "5.6.7.8", 1, now=NOON)
    assert ratelimit.hit("other", "1.2.3.4", 1, now=NOON)


def test_addresses_are_not_stored_in_clear():
    ratelimit.hit("test", "203.0.113.7", 5, now=NOON)
    assert not RateCounter.objects.filter(key__contains="203.0.113.7").exists()


def test_release_gives_a_hit_back():
    ratelimit.hit("test", "1.2.3.4", 1, now=NOON)
    ratelimit.release("test", "1.2.3.4", now=NOON)
    assert ratelimit.hit("test", "1.2.3.4", 1, now=NOON)


def test_old_windows_are_pruned():
    ratelimit.hit("test", "1.2.3.4", 5, now=NOON - timedelta(hours=3))
    ratelimit.hit("test", "1.2.3.4", 5, now=NOON)
    assert ratelimit.prune(now=NOON) == 1
    assert RateCounter.objects.count() == 1


def test_limits_can_be_switched_off_for_benchmarks(settings):
    settings.PORTAL_RATE_LIMITS_ENABLED = False
    assert all(ratelimit.hit("test", "1.2.3.4", 1, now=NOON) for _ in range(5))
    assert RateCounter.objects.count() == 0


def test_minute_windows_count_apart_from_hourly_ones():
    minute = ratelimit.MINUTE
    for _ in range(2):
        ratelimit.hit("test", "1.2.3.4", 2, window=minute, now=NOON)
    assert ratelimit.exceeded(
        "test", "1.2.3.4", 2, window=minute, now=NOON + timedelta(seconds=59 - 0)
    )
    assert not ratelimit.exceeded(
        "test", "1.2.3.4", 2, window=minute, now=NOON + timedelta(minutes=1)
    )
    assert not ratelimit.exceeded("test", "1.2.3.4", 3, now=NOON)


def test_retry_after_is_the_time_left_in_the_window():
    at = NOON + timedelta(seconds=20)  # 12:15:20
    assert ratelimit.retry_after(ratelimit.MINUTE, now=at) == 40
    assert ratelimit.retry_after(ratelimit.HOUR, now=at) == 45 * 60 - 20
