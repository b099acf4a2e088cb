"""October 2026, by hand: twelve complaints in two stores (plus one just before and one just
after the month), carried through the real services at fixed times, so that every figure of
the reports can be checked against numbers worked out below.

Other report tests import the `october` fixture (built once per test module, inside a
transaction rolled back at the end) and the constants.

Working hours are 9:00-18:00 on working days. October 2026: 1-7 National Day holiday,
Saturday 10 a make-up working day (调休), Sunday 11 off.

| case | store | channel  | category         | received         | acknowledged      | closed            | hours | on time (ack/res) | sat | compensation |
|------|-------|----------|------------------|------------------|-------------------|-------------------|-------|-------------------|-----|--------------|
| C1   | s01   | phone    | product quality  | Thu 10-08 10:00  | 10:30 (due 12:00) | Fri 10-09 16:00   | 8+7=15| yes / no (10:00)  | 4   | refund ¥20   |
| C2   | s01   | online   | product quality  | Thu 10-01 10:00  | at once           | Fri 10-09 11:00   | 9+2=11| yes / yes (10-12) | 5   | exchange     |
| C3   | s01   | walk-in  | service attitude | Fri 10-09 17:00  | 17:30 (due 18:00) | Mon 10-12 10:00   | 1+9+1=11 | yes / no (Sat 10-10 17:00) | 3 | voucher ¥50 |
| C4   | s01   | phone    | service attitude | Mon 10-12 09:30  | 12:00 (due 11:30) | Mon 10-12 17:30   | 8     | no / yes          | 5   | apology      |
| C5   | s01   | letter   | facilities       | Tue 10-13 14:00  | Wed 10:00         | Wed 10-14 11:00 (invalid) | 4+2=6 | yes / yes | —  | —            |
| C6   | s01   | phone    | product (MAJOR)  | Fri 10-16 15:00  | 15:30             | Wed 10-21 12:00   | 3+9+9+3=24 | yes / yes (Wed 15:00) | 2 | cash ¥500 |
| C7   | s01   | email    | delivery         | Mon 10-19 09:00  | Tue 10:00 (due 09:00) | open          | —     | no / no (overdue) | —   | —            |
| C8   | s01   | phone    | price, billing   | Tue 10-20 10:00  | never (due 12:00) | open              | —     | no / no           | —   | —            |
| C9   | s02   | phone    | product quality  | Thu 10-08 14:00  | 14:10             | Thu 10-08 17:00   | 3     | yes / yes         | 5   | refund ¥15   |
| C10  | s02   | walk-in  | service attitude | Thu 10-22 11:00  | 11:20             | Fri 10-23 10:00, disputed Mon 10-26 | — (open) | yes / no | — (cleared) | — |
| C11  | s02   | online   | injury (MAJOR)   | Mon 10-26 09:00  | at once           | Fri 10-30 17:00   | 9*4+8=44 | yes / no (Thu 09:00) | 4 | cash ¥300 |
| C12  | s02   | phone    | other            | Sat 10-31 10:00  | Mon 11-02 09:30 (due 11:00) | Mon 11-02 15:00 | 6 | yes / yes | 5 | —     |
| X1   | s01   | phone    | product quality  | Wed 09-30 17:00  | —                 | open              | (September)                                        |
| X2   | s02   | online   | product quality  | Sun 11-01 00:30  | at once           | open              | (November, still 10-31 in UTC)                     |
"""

from datetime import timedelta
from decimal import Decimal

import pytest

from django.contrib.auth import get_user_model
from django.db import transaction

from backoffice.choices import Channel
from backoffice.models import Category
from backoffice.services.cases import case_submit, case_transition
from tests.conftest import at

# When the figures are computed: every due time of the fixture has passed.
NOW = at(2026, 11, 23, 9, 0)

HOURS_ALL = [15, 11, 11, 8, 6, 24, 3, 44, 6]
HOURS_S01 = [15, 11, 11, 8, 6, 24]
HOURS_S02 = [3, 44, 6]


class October:
    """The cases by name (C1...C12, X1, X2), the units and the demo accounts."""

    def __init__(self, units, staff):
        self.units = units
        self.staff = staff
        self.cases = {}

    def __getitem__(self, name):
        return self.cases[name]


def _category(code: str) -> Category:
    return Category.objects.get(code=code)


def _submit(data, units, staff, *, store, channel, category, received, actor, **extra):
    values = {
        "complainant_name": "李小红",
        "complainant_phone": "",  # no repeats between the cases: each stands alone
        "complainant_email": "",
        "store": units[store],
        "description": extra.pop("description", "商品有问题。"),
        "customer_demand": "请处理。",
        "category": _category(category),
    }
    values.update(extra)
    return case_submit(channel=channel, data=values, actor=staff[actor], received_at=received).case


def _act(case, action, actor, when, staff, **data):
    return case_transition(case=case, action=action, actor=staff[actor], data=data, now=when)


def _handle_and_close(
    case,
    staff,
    *,
    handler,
    closed,
    satisfaction,
    validity,
    cause,
    compensation=("", None),
    proposer=None,
    closer=None,
):
    """Investigate, propose, implement, follow up and close at `closed` (the steps a few
    minutes before it, so that only the closing time matters)."""
    kind, amount = compensation
    step = closed - timedelta(minutes=50)
    case = _act(case, "start_investigation", handler, step, staff, category=case.category_id)
    proposal = {"resolution": "为您处理。"}
    if kind:
        proposal["compensation_kind"] = kind
    if amount is not None:
        proposal["compensation_amount"] = str(amount)
    case = _act(
        case,
        "propose_resolution",
        proposer or handler,
        step + timedelta(minutes=10),
        staff,
        **proposal,
    )
    # Accepted the same minute: the clocks pause while a proposal waits for the customer, and
    # a pause of zero keeps the due times as worked out in the table.
    case = _act(case, "customer_accept", handler, step + timedelta(minutes=10), staff)
    case = _act(case, "implement", handler, step + timedelta(minutes=30), staff, note="已处理。")
    case = _act(case, "start_follow_up", handler, step + timedelta(minutes=35), staff)
    case = _act(
        case,
        "record_callback",
        handler,
        step + timedelta(minutes=40),
        staff,
        reached=True,
        satisfaction=satisfaction,
    )
    return _act(
        case,
        "close",
        closer or handler,
        closed,
        staff,
        validity=validity,
        cause=cause,
        corrective_action="整改。",
        prevention="培训。",
    )


def build_october(units, staff) -> October:
    data = October(units, staff)
    c = data.cases

    def submit(**kwargs):
        return _submit(data, units, staff, **kwargs)

    # --- store s01 ------------------------------------------------------------------------
    case = submit(
        store="s01",
        channel=Channel.PHONE,
        category="product_quality",
        received=at(2026, 10, 8, 10, 0),
        actor="agent",
        product_name="电饭煲",
        product_model="MB-FB40",
        unit_complained_about=units["s01-elec"],
    )
    case = _act(case, "acknowledge", "agent", at(2026, 10, 8, 10, 30), staff)
    c["C1"] = _handle_and_close(
        case,
        staff,
        handler="agent",
        closed=at(2026, 10, 9, 16, 0),
        satisfaction=4,
        validity="valid_minor",
        cause="出厂质检漏检",
        compensation=("refund", Decimal("20")),
    )

    case = submit(
        store="s01",
        channel=Channel.ONLINE,
        category="product_quality",
        received=at(2026, 10, 1, 10, 0),
        actor="agent",
        product_name="电饭煲",
        product_model="MB-FB40",
        unit_complained_about=units["s01-elec"],
    )
    c["C2"] = _handle_and_close(
        case,
        staff,
        handler="agent",
        closed=at(2026, 10, 9, 11, 0),
        satisfaction=5,
        validity="valid_minor",
        cause="出厂质检漏检",
        compensation=("exchange", None),
    )

    case = submit(
        store="s01",
        channel=Channel.WALK_IN,
        category="service_attitude",
        received=at(2026, 10, 9, 17, 0),
        actor="agent",
    )
    case = _act(case, "acknowledge", "agent", at(2026, 10, 9, 17, 30), staff)
    c["C3"] = _handle_and_close(
        case,
        staff,
        handler="agent",
        proposer="manager",
        closed=at(2026, 10, 12, 10, 0),
        satisfaction=3,
        validity="valid_service",
        cause="店员态度生硬",
        compensation=("voucher", Decimal("50")),
    )

    case = submit(
        store="s01",
        channel=Channel.PHONE,
        category="service_attitude",
        received=at(2026, 10, 12, 9, 30),
        actor="agent",
    )
    case = _act(case, "acknowledge", "agent", at(2026, 10, 12, 12, 0), staff)
    c["C4"] = _handle_and_close(
        case,
        staff,
        handler="agent",
        closed=at(2026, 10, 12, 17, 30),
        satisfaction=5,
        validity="valid_service",
        cause=" 店员态度生硬 ",  # the same cause, typed with spaces around it
        compensation=("apology", None),
    )

    case = submit(
        store="s01",
        channel=Channel.LETTER,
        category="facilities",
        received=at(2026, 10, 13, 14, 0),
        actor="agent",
    )
    case = _act(case, "acknowledge", "agent", at(2026, 10, 14, 10, 0), staff)
    c["C5"] = _act(
        case,
        "mark_invalid",
        "agent",
        at(2026, 10, 14, 11, 0),
        staff,
        validity="invalid_customer",
        validity_reason="顾客自身原因。",
    )

    case = submit(
        store="s01",
        channel=Channel.PHONE,
        category="product_quality",
        received=at(2026, 10, 16, 15, 0),
        actor="agent",
        severity="major",
        product_name="儿童安全座椅",
        product_model="KS-360",
        description="安全座椅卡扣断裂，孩子受轻伤。",
    )
    case = _act(case, "acknowledge", "agent", at(2026, 10, 16, 15, 30), staff)
    c["C6"] = _handle_and_close(
        case,
        staff,
        handler="manager",
        closed=at(2026, 10, 21, 12, 0),
        satisfaction=2,
        validity="valid_major",
        cause="产品设计缺陷",
        compensation=("cash", Decimal("500")),
    )

    case = submit(
        store="s01",
        channel=Channel.EMAIL,
        category="delivery",
        received=at(2026, 10, 19, 9, 0),
        actor="agent",
        product_name="海尔冰箱",
        product_model="BCD-216",
    )
    c["C7"] = _act(case, "acknowledge", "agent", at(2026, 10, 20, 10, 0), staff)

    c["C8"] = submit(
        store="s01",
        channel=Channel.PHONE,
        category="price_billing",
        received=at(2026, 10, 20, 10, 0),
        actor="agent",
    )

    # --- store s02 ------------------------------------------------------------------------
    case = submit(
        store="s02",
        channel=Channel.PHONE,
        category="product_quality",
        received=at(2026, 10, 8, 14, 0),
        actor="agent2",
        product_name="电饭煲",
        product_model="MB-FB40",
        unit_complained_about=units["s02-fashion"],
    )
    case = _act(case, "acknowledge", "agent2", at(2026, 10, 8, 14, 10), staff)
    c["C9"] = _handle_and_close(
        case,
        staff,
        handler="agent2",
        closed=at(2026, 10, 8, 17, 0),
        satisfaction=5,
        validity="valid_minor",
        cause="出厂质检漏检",
        compensation=("refund", Decimal("15")),
    )

    case = submit(
        store="s02",
        channel=Channel.WALK_IN,
        category="service_attitude",
        received=at(2026, 10, 22, 11, 0),
        actor="agent2",
    )
    case = _act(case, "acknowledge", "agent2", at(2026, 10, 22, 11, 20), staff)
    case = _handle_and_close(
        case,
        staff,
        handler="agent2",
        closed=at(2026, 10, 23, 10, 0),
        satisfaction=4,
        validity="valid_service",
        cause="收银排队时间过长",
    )
    c["C10"] = _act(
        case, "dispute", "agent2", at(2026, 10, 26, 10, 0), staff, message="问题没有解决。"
    )

    case = submit(
        store="s02",
        channel=Channel.ONLINE,
        category="injury",
        received=at(2026, 10, 26, 9, 0),
        actor="agent2",
        description="顾客在店内滑倒受伤。",
    )
    c["C11"] = _handle_and_close(
        case,
        staff,
        handler="manager2",
        closed=at(2026, 10, 30, 17, 0),
        satisfaction=4,
        validity="valid_major",
        cause="地面湿滑未设警示牌",
        compensation=("cash", Decimal("300")),
    )

    case = submit(
        store="s02",
        channel=Channel.PHONE,
        category="other",
        received=at(2026, 10, 31, 10, 0),
        actor="agent2",
    )
    case = _act(case, "acknowledge", "agent2", at(2026, 11, 2, 9, 30), staff)
    c["C12"] = _handle_and_close(
        case,
        staff,
        handler="agent2",
        closed=at(2026, 11, 2, 15, 0),
        satisfaction=5,
        validity="valid_error",
        cause="会员积分未到账",
    )

    # --- just outside the month -----------------------------------------------------------
    c["X1"] = submit(
        store="s01",
        channel=Channel.PHONE,
        category="product_quality",
        received=at(2026, 9, 30, 17, 0),
        actor="agent",
    )
    c["X2"] = submit(
        store="s02",
        channel=Channel.ONLINE,
        category="product_quality",
        received=at(2026, 11, 1, 0, 30),
        actor="agent2",
    )
    for name, case in c.items():
        case.refresh_from_db()
        c[name] = case
    return data


@pytest.fixture(scope="module")
def october(django_db_setup, django_db_blocker):
    """The month above, built once per test module and rolled back after it."""
    from backoffice.defaults import load_defaults
    from demo.organisation import load_accounts, load_organisation

    with django_db_blocker.unblock(), transaction.atomic():
        load_defaults()
        units = load_organisation()
        load_accounts(units)
        staff = {user.username: user for user in get_user_model().objects.all()}
        yield build_october(units, staff)
        transaction.set_rollback(True)
