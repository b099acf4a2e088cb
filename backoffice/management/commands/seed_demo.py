"""`manage.py seed_demo --cases N [--seed S]`: N realistic synthetic cases for demos, load tests
and reports, spread over the last 18 months across every store and counter, channel, category,
severity and state (most closed or archived, some open, some overdue, a few major), each with
3-6 timeline entries. Names, phones and descriptions come from small built-in vocabularies;
the same --seed gives the same cases (references and tracking salts are random, as in life).

Fast on purpose (1,000,000 cases in well under 15 minutes on PostgreSQL): the per-case services
are bypassed; cases and timeline entries are built in memory and bulk-inserted in batches inside
one transaction per batch. Consequences, by design:

- these rows carry **no field history** (django-simple-history records nothing for bulk
  inserts; `bulk_create_with_history` is far too slow at this size) and no notifications;
- due times are computed with one calendar and one rule book for the whole run, exactly as
  case_submit would, with the rule lookup cached per (channel, severity, urgency).
"""

from __future__ import annotations

import json
import random
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from psycopg import sql

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from backoffice.choices import (
    Channel,
    CompensationKind,
    ContactPreference,
    Gender,
    Role,
    Severity,
    SlaClock,
    UnitKind,
    Urgency,
    Validity,
)
from backoffice.models import Case, CaseEvent, Category, ReferringBody, Unit
from backoffice.sla import policy
from backoffice.sla.calendar import UnknownScheduleYear, add_duration
from backoffice.tracking import new_reference, new_salt
from backoffice.workflow import CUSTOMER, SYSTEM, State

DAYS_BACK = 548  # 18 months
PROGRESS_EVERY = 50_000
K = CaseEvent.Kind

# --- vocabularies ------------------------------------------------------------------------------

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏"
    "魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵"
)
GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚英华玉萍红鹏飞鑫波宁斌浩凯辉婷琳雪梅欣怡晨阳涵"
    "宇轩子然佳琪思雨博文嘉慧俊杰海燕建国秀云志远春燕晓东丽娟文静国庆小红"
)
PHONE_PREFIXES = [
    "130",
    "131",
    "132",
    "133",
    "135",
    "136",
    "137",
    "138",
    "139",
    "150",
    "151",
    "152",
    "155",
    "156",
    "157",
    "158",
    "159",
    "166",
    "176",
    "177",
    "178",
    "180",
    "181",
    "182",
    "185",
    "186",
    "187",
    "188",
    "189",
    "199",
]

PRODUCTS = [
    ("美的电饭煲", "MB-FB40"),
    ("海尔冰箱", "BCD-216"),
    ("九阳豆浆机", "DJ13B-D08D"),
    ("格力空调", "KFR-35GW"),
    ("小米电视", "L55M5-AD"),
    ("苏泊尔炒锅", "PC32H1"),
    ("女士羊毛大衣", "W23-0876"),
    ("男士羽绒服", "YR-1088"),
    ("李宁跑鞋", "ARHR107"),
    ("飞利浦电动牙刷", "HX6730"),
    ("伊利纯牛奶", "250ml×24"),
    ("蓝月亮洗衣液", "3kg"),
    ("五常大米", "5kg"),
    ("三只松鼠坚果礼盒", "1.5kg"),
    ("华为平板", "MatePad 11"),
    ("儿童安全座椅", "KS-360"),
]
DEFECTS = [
    "第二天就不加热了",
    "使用一周后漏水",
    "运行时有很大的异响",
    "开线脱胶",
    "洗了一次就起球缩水",
    "打开包装有明显异味",
    "屏幕出现竖线",
    "包装内发现异物",
    "发现已过保质期",
    "充不进电",
]
DEMANDS = ["退货退款", "换一台新的", "免费维修", "赔偿损失", "书面道歉", "给个说法", "补发赠品"]
COUNTERS_TALK = [
    "询问价格时不耐烦",
    "结账时把零钱扔在台面上",
    "退货时被多次推诿",
    "在试衣间外大声催促",
]
BUSINESS_ERRORS = [
    "多扫了一件商品",
    "会员积分未入账",
    "发票抬头开错",
    "送货地址录错",
    "优惠券未抵扣",
]
FACILITY_ISSUES = [
    ("卫生间", "地面湿滑，没有警示牌"),
    ("扶梯", "停运半天无人告知"),
    ("停车场", "收费机故障，排队半小时"),
    ("入口", "购物车轮子损坏，差点撞到人"),
]
DELIVERY_ISSUES = ["超时三天未送到", "送货员未联系直接放在门口", "外包装严重破损", "少送了一件"]
INJURIES = [
    ("生鲜区", "被货架上掉落的罐头砸伤手背"),
    ("一楼大厅", "在湿滑地面摔倒扭伤脚踝"),
    ("熟食区", "购买的卤味食用后腹泻就医"),
]
LOST_ITEMS = [("存包柜", "手机"), ("服务台寄存处", "钱包"), ("存包柜", "购物袋和发票")]
SYSTEM_ISSUES = ["无法领取优惠券", "支付成功但订单显示未付款", "积分兑换失败", "退款一周未到账"]
CAUSES = [
    ("到货检验抽检比例不足。", "为顾客换新并致歉。", "该批次到货全检，供应商限期整改。"),
    ("营业员未按服务规范接待。", "当面致歉并赠送购物券。", "开展服务礼仪培训，纳入月度考核。"),
    ("收银系统价签未同步。", "退还差价。", "每日开店前核对变价商品价签。"),
    ("承运商未按约定时间配送。", "补偿运费并加急配送。", "与承运商签订时效考核条款。"),
]
INVALID_REASONS = {
    Validity.INVALID_CUSTOMER: "经查监控，商品系顾客使用不当造成损坏。",
    Validity.INVALID_BEYOND_SERVICE: "顾客要求超出三包及本店服务承诺范围。",
    Validity.INVALID_HARASSMENT: "同一诉求已答复三次，顾客重复来电。",
    Validity.INVALID_FALSE_INFO: "顾客提供的购物凭证与系统记录不符。",
}

# --- weights -------------------------------------------------------------------------------------

CHANNELS = [
    (Channel.PHONE, 30),
    (Channel.WALK_IN, 25),
    (Channel.ONLINE, 18),
    (Channel.EMAIL, 4),
    (Channel.LETTER, 5),
    (Channel.SOCIAL, 7),
    (Channel.REFERRAL, 3),
    (Channel.MEDIA, 0.5),
    (Channel.WORK_ORDER, 7.5),
]
CATEGORIES = [
    ("product_quality", 35),
    ("service_attitude", 18),
    ("business_error", 12),
    ("facilities", 6),
    ("delivery", 8),
    ("price_billing", 9),
    ("injury", 1.5),
    ("lost_property", 2.5),
    ("system", 5),
    ("other", 3),
]
# The synthetic timeline is written in Chinese, like the rest of the vocabulary (and looking
# up the translated label for every entry would cost more than building the entry).
CHANNEL_NAMES = {
    Channel.PHONE: "来电",
    Channel.WALK_IN: "来店",
    Channel.ONLINE: "网上投诉",
    Channel.EMAIL: "电子邮件",
    Channel.LETTER: "来信/意见单",
    Channel.SOCIAL: "社交媒体",
    Channel.REFERRAL: "政府/消协转办",
    Channel.MEDIA: "新闻媒体",
    Channel.WORK_ORDER: "投诉工单",
}
CLOCK_NAMES = {
    "acknowledge": "受理",
    "update": "进度答复",
    "resolve": "处理",
    "external": "转办机构",
}
SEVERITY_NAMES = {Severity.GENERAL: "一般", Severity.MAJOR: "重大"}
URGENCIES = [(Urgency.NORMAL, 85), (Urgency.URGENT, 12), (Urgency.VERY_URGENT, 3)]
# Most cases are long settled; the open ones are recent (a few are stuck: overdue).
STATES = [
    (State.ARCHIVED, 62),
    (State.CLOSED, 18),
    (State.INVALID_CLOSED, 9),
    (State.RECEIVED, 1),
    (State.ACKNOWLEDGED, 1.2),
    (State.INVESTIGATING, 3),
    (State.AWAITING_CUSTOMER, 1.2),
    (State.APPROVAL_PENDING, 0.6),
    (State.RESOLUTION_PROPOSED, 1.2),
    (State.ACCEPTED, 0.5),
    (State.IMPLEMENTED, 0.6),
    (State.FOLLOW_UP, 1.2),
    (State.REOPENED, 0.5),
]
SATISFACTION = [(5, 45), (4, 30), (3, 15), (2, 6), (1, 4)]
# Hour of receipt: the stores open 9:00-22:00; online, e-mail and hotlines run at night too.
HOURS = list(enumerate(
    [0.3, 0.2, 0.1, 0.1, 0.1, 0.2, 0.4, 1, 2, 5, 8, 9, 8, 7, 8, 9, 9, 8, 7, 7, 6, 4, 2, 1]
))  # fmt: skip


class Draft(dict):
    """A row being built: a dict of field values with attribute access. Building Django model
    instances cost more than everything else the generator does, so rows stay plain until
    they are inserted."""

    def __init__(self, defaults: dict, **values) -> None:
        super().__init__(defaults)
        self.update(values)

    __getattr__ = dict.get
    __setattr__ = dict.__setitem__

    @property
    def pk(self):  # so a case draft can stand for the case in its entries' "case" field
        return self.get("id")


def _defaults(model) -> dict:
    return {
        field.name: field.get_default()
        for field in model._meta.concrete_fields
        if not field.primary_key and not getattr(field, "auto_now_add", False)
        and not getattr(field, "auto_now", False)
    }  # fmt: skip


class Weighted:
    """rng.choices with precomputed cumulative weights (the hot path of the generator)."""

    def __init__(self, pairs):
        self.values = [value for value, _weight in pairs]
        self.cumulative = []
        total = 0.0
        for _value, weight in pairs:
            total += weight
            self.cumulative.append(total)

    def pick(self, rng: random.Random):
        return rng.choices(self.values, cum_weights=self.cumulative)[0]


@dataclass
class Store:
    unit: Unit
    counters: list[Unit]
    handlers: list  # agents and supervisors: owners and actors
    approvers: list  # supervisors and managers
    supervisors: list
    managers: list


CASE_DEFAULTS = _defaults(Case)
EVENT_DEFAULTS = _defaults(CaseEvent)


class Generator:
    """Builds one synthetic case and its timeline at a time, deterministically from `seed`."""

    def __init__(self, seed: int, now: datetime) -> None:
        self.rng = random.Random(seed)
        self.now = now
        self.calendar = policy.work_calendar()
        self.rules = policy.RuleBook()
        self._specs: dict[tuple, dict] = {}
        self.stores = self._stores()
        if not self.stores:
            raise CommandError("No store exists yet: run `manage.py load_demo` first.")
        self.categories = {c.code: c for c in Category.objects.filter(active=True)}
        self.bodies = {b.code: b for b in ReferringBody.objects.all()}
        self.channel = Weighted(CHANNELS)
        self.category = Weighted([(c, w) for c, w in CATEGORIES if c in self.categories])
        self.urgency = Weighted(URGENCIES)
        self.state = Weighted(STATES)
        self.satisfaction = Weighted(SATISFACTION)
        self.hour = Weighted(HOURS)

    def _stores(self) -> list[Store]:
        users = get_user_model().objects.filter(is_active=True, staff__isnull=False)
        users = list(users.select_related("staff__unit"))
        stores = []
        for unit in Unit.objects.filter(kind=UnitKind.STORE, active=True).order_by("path"):
            counters = list(
                Unit.objects.filter(path__startswith=unit.path, active=True)
                .exclude(pk=unit.pk)
                .order_by("path")
            )
            mine = [u for u in users if u.staff.unit.path.startswith(unit.path)]

            def with_roles(*roles, members=mine):
                return [u for u in members if u.staff.role in roles]

            stores.append(
                Store(
                    unit,
                    counters,
                    with_roles(Role.AGENT, Role.SUPERVISOR),
                    with_roles(Role.SUPERVISOR, Role.MANAGER),
                    with_roles(Role.SUPERVISOR),
                    with_roles(Role.MANAGER, Role.GENERAL_MANAGER),
                )
            )
        return stores

    # --- small pieces ---------------------------------------------------------------------------

    def name(self) -> str:
        rng = self.rng
        given = rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.7 else "")
        return rng.choice(SURNAMES) + given

    def phone(self) -> str:
        return self.rng.choice(PHONE_PREFIXES) + f"{self.rng.randrange(10**8):08d}"

    def person(self, people: list):
        return self.rng.choice(people) if people else None

    def received_at(self, state: str) -> datetime:
        rng = self.rng
        if state in (State.ARCHIVED, State.CLOSED, State.INVALID_CLOSED):
            days = rng.randrange(3, DAYS_BACK)
        elif rng.random() < 0.15:
            days = rng.randrange(15, 60)  # stuck: these are the overdue ones
        else:
            days = rng.randrange(0, 15)
        day = timezone.localtime(self.now).date() - timedelta(days=days)
        moment = datetime(
            day.year, day.month, day.day, self.hour.pick(rng), rng.randrange(60),
            rng.randrange(60), tzinfo=self.calendar.tz,
        )  # fmt: skip
        return min(moment, self.now - timedelta(minutes=30))

    def story(self, code: str) -> dict:
        """Description, demand and product fields for a case of category `code`."""
        rng = self.rng
        product, model = rng.choice(PRODUCTS)
        values = {"product_name": "", "product_model": "", "product_batch": ""}
        if code == "product_quality":
            days = rng.randrange(1, 30)
            text = f"{days}天前在本店购买的{product}（型号{model}），{rng.choice(DEFECTS)}。"
            values.update(
                product_name=product,
                product_model=model,
                product_batch=f"LOT{rng.randrange(2024, 2027)}{rng.randrange(1, 13):02d}"
                f"{rng.randrange(1000):03d}",
            )
        elif code == "service_attitude":
            text = f"顾客反映营业员{rng.choice(COUNTERS_TALK)}，感到很不受尊重。"
        elif code == "business_error":
            text = f"结账时收银员{rng.choice(BUSINESS_ERRORS)}，顾客回家核对小票才发现。"
        elif code == "facilities":
            place, issue = rng.choice(FACILITY_ISSUES)
            text = f"{place}{issue}。"
        elif code == "delivery":
            text = f"网购的{product}约定周末送达，{rng.choice(DELIVERY_ISSUES)}。"
            values["product_name"] = product
        elif code == "price_billing":
            shown = rng.randrange(20, 900)
            text = f"{product}价签标价{shown}元，结账时按{shown + rng.randrange(5, 60)}元收取。"
            values["product_name"] = product
        elif code == "injury":
            place, what = rng.choice(INJURIES)
            text = f"顾客在{place}{what}，要求承担医药费。"
        elif code == "lost_property":
            place, item = rng.choice(LOST_ITEMS)
            text = f"顾客寄存在{place}的{item}取件时不见了。"
        elif code == "system":
            text = f"会员小程序{rng.choice(SYSTEM_ISSUES)}，客服热线一直占线。"
        else:
            text = "顾客建议增加母婴室和休息座椅，周末人多时没有地方休息。"
        values["description"] = text
        values["customer_demand"] = rng.choice(DEMANDS)
        return values

    def due_times(self, channel, severity, urgency, received_at, body) -> policy.DueTimes:
        """As policy.compute_due_times, with the rule lookup cached per combination."""
        key = (channel, severity, urgency)
        specs = self._specs.get(key)
        if specs is None:
            specs = {
                clock: self.rules.rule_for(clock, channel, severity, urgency)
                for clock in (SlaClock.ACKNOWLEDGE, SlaClock.UPDATE, SlaClock.RESOLVE)
            }
            self._specs[key] = specs
        unknown: set[int] = set()

        def due(amount, unit):
            try:
                return add_duration(self.calendar, received_at, float(amount), unit)
            except UnknownScheduleYear as missing:
                unknown.add(missing.year)
                return None

        at = {clock: due(s.amount, s.unit) if s else None for clock, s in specs.items()}
        external = due(body.deadline_amount, body.deadline_unit) if body else None
        return policy.DueTimes(
            at[SlaClock.ACKNOWLEDGE], at[SlaClock.UPDATE], at[SlaClock.RESOLVE], external,
            frozenset(unknown),
        )  # fmt: skip

    # --- one case -------------------------------------------------------------------------------

    def build(self) -> tuple[Draft, list[Draft]]:
        rng = self.rng
        store = self.stores[rng.randrange(len(self.stores))]
        state = self.state.pick(rng)
        if state == State.ARCHIVED:
            history = State.INVALID_CLOSED if rng.random() < 0.1 else State.CLOSED
        else:
            history = state
        channel = self.channel.pick(rng)
        code = self.category.pick(rng)
        category = self.categories[code]
        body = None
        if channel == Channel.REFERRAL:
            body = self.bodies.get(
                rng.choices(["12315", "consumer_association", "regulator_hotline"], [6, 3, 1])[0]
            )
        elif channel == Channel.WORK_ORDER:
            body = self.bodies.get("head_office" if rng.random() < 0.7 else "brand")
        major = (
            category.major_by_default
            or bool(body and body.makes_major)
            or channel == Channel.MEDIA
            or rng.random() < 0.005
        )
        severity = Severity.MAJOR if major else Severity.GENERAL
        urgency = self.urgency.pick(rng)
        owner = (
            None
            if channel == Channel.ONLINE and rng.random() < 0.3
            else self.person(store.handlers)
        )
        counter = self.person(store.counters)
        received = self.received_at(state)
        steps = self.steps(history, state, received)
        if steps[-1][1] > self.now:  # keep the whole story in the past
            shift = steps[-1][1] - self.now + timedelta(minutes=rng.randrange(5, 600))
            received -= shift
            steps = [(action, at - shift) for action, at in steps]
        due = self.due_times(channel, severity, urgency, received, body)
        gender = rng.choice([Gender.FEMALE, Gender.MALE, Gender.UNKNOWN])
        contact = rng.choices(
            [ContactPreference.PHONE, ContactPreference.SMS, ContactPreference.EMAIL], [70, 20, 10]
        )[0]
        case = Draft(
            CASE_DEFAULTS,
            reference="",  # set by the caller, unique across the run
            tracking_salt=new_salt(),
            channel=channel,
            received_at=received,
            referring_body=body,
            external_reference=(
                f"{body.code.upper()}-{received:%Y%m%d}-{rng.randrange(10**4):04d}" if body else ""
            ),
            complainant_name=self.name(),
            complainant_gender=gender,
            complainant_phone=self.phone(),
            complainant_email=(
                f"demo{rng.randrange(10**7):07d}@example.com"
                if contact == ContactPreference.EMAIL or rng.random() < 0.2
                else ""
            ),
            member_card=f"M{rng.randrange(10**10):010d}" if rng.random() < 0.4 else "",
            preferred_contact=contact,
            store=store.unit,
            unit_complained_about=counter,
            responsible_unit=counter if rng.random() < 0.6 else None,
            order_number=(
                f"DD{received:%Y%m%d}{rng.randrange(10**6):06d}"
                if channel == Channel.ONLINE or code == "delivery"
                else ""
            ),
            incident_date=(received - timedelta(days=rng.randrange(0, 5))).date(),
            category=category if state != State.RECEIVED or rng.random() < 0.5 else None,
            severity=severity,
            urgency=urgency,
            state=state,
            owner=owner,
            acknowledge_due=due.acknowledge,
            update_due=due.update,
            resolve_due=due.resolve,
            external_due=due.external,
            **self.story(code),
        )
        events = self.apply(case, steps, store, history)
        events += self.missed_deadlines(case, store)
        return case, events

    def missed_deadlines(self, case: Draft, store: Store) -> list[Draft]:
        """What sla_sweep would have done by now about the running clocks already past due:
        one breach entry, one escalation, breached_at set. Without this, the first real sweep
        after seeding would have to escalate every synthetic overdue case at once."""
        missed = {
            clock: due for clock, due in policy.running_clocks(case).items() if due <= self.now
        }
        if not missed:
            return []
        first, last = min(missed.values()), max(missed.values())
        swept = min(last + timedelta(minutes=self.rng.randrange(1, 15)), self.now)
        case.breached_at = swept  # at or after every missed due time: all handled
        case.escalation_level += 1
        rung = case.escalation_level
        case.escalated_to = self.person(store.supervisors if rung == 1 else store.managers)
        names = "、".join(CLOCK_NAMES[clock] for clock in missed)
        return [
            Draft(
                EVENT_DEFAULTS,
                kind=K.SLA,
                actor_label=SYSTEM,
                at=swept,
                body=f"{names}时限已过（最早应于{timezone.localtime(first):%Y-%m-%d %H:%M}前）。",
                data={"sla": "breach", "clocks": sorted(missed), "escalated": True},
            ),
            Draft(
                EVENT_DEFAULTS,
                kind=K.ESCALATION,
                action="escalate",
                actor_label=SYSTEM,
                at=swept,
                body="超时未处理，已升级至" + ("值班主管。" if rung == 1 else "客服经理。"),
            ),
        ]

    def steps(self, history: str, state: str, received: datetime) -> list[tuple[str, datetime]]:
        """(action, when) from receipt to `state`: at most 6 entries, the receipt first."""
        rng = self.rng
        minutes = rng.randrange
        path = {
            State.RECEIVED: ["", "classify", "add_note"],
            State.ACKNOWLEDGED: ["", "acknowledge", "classify"],
            State.INVESTIGATING: ["", "acknowledge", "start_investigation", "route"],
            State.AWAITING_CUSTOMER: ["", "acknowledge", "start_investigation",
                                      "request_information"],
            State.APPROVAL_PENDING: ["", "acknowledge", "start_investigation", "request_approval"],
            State.RESOLUTION_PROPOSED: ["", "acknowledge", "start_investigation",
                                        "propose_resolution"],
            State.ACCEPTED: ["", "acknowledge", "propose_resolution", "customer_accept"],
            State.IMPLEMENTED: ["", "acknowledge", "propose_resolution", "customer_accept",
                                "implement"],
            State.FOLLOW_UP: ["", "acknowledge", "propose_resolution", "implement",
                              "start_follow_up", "record_callback"],
            State.CLOSED: ["", "acknowledge", "start_investigation", "propose_resolution",
                           "implement", "close"],
            State.INVALID_CLOSED: ["", "acknowledge", "start_investigation", "mark_invalid"],
            # Short enough to leave room for a missed deadline's two entries (see build).
            State.REOPENED: ["", "acknowledge", "implement", "dispute"],
        }[history]  # fmt: skip
        if state == State.ARCHIVED and history == State.CLOSED:
            path = ["", "acknowledge", "propose_resolution", "implement", "close", "archive"]
        elif state == State.ARCHIVED:
            path = [*path, "archive"]
        steps, at = [], received
        for action in path:
            if action == "acknowledge":
                at += timedelta(minutes=minutes(2, 240))
            elif action == "archive":
                at += timedelta(days=rng.randrange(1, 10), minutes=minutes(0, 600))
            elif action:
                at += timedelta(minutes=minutes(20, 2 * 24 * 60))
            steps.append((action, at))
        return steps

    def apply(self, case: Draft, steps, store: Store, history: str) -> list[Draft]:
        """Fill in the case fields each step implies and return the timeline entries."""
        rng = self.rng
        events = []
        state = State.RECEIVED
        for action, at in steps:
            actor = case.owner or self.person(store.handlers)
            label = ""
            visible = False
            kind = K.TRANSITION
            target = None
            body = ""
            if action == "":
                kind, target, visible = K.RECEIVED, State.RECEIVED, True
                body = f"通过{CHANNEL_NAMES[case.channel]}收到投诉。"
                actor = None if case.channel == Channel.ONLINE else case.owner
                label = CUSTOMER if actor is None else ""
            elif action == "acknowledge":
                target, visible = State.ACKNOWLEDGED, True
                case.acknowledged_at = at
                body = "已受理您的投诉，我们将在承诺时限内处理并答复您。"
                if case.channel == Channel.ONLINE:
                    actor, label = None, SYSTEM
            elif action == "classify":
                kind = K.CLASSIFICATION
                category = case.category.name if case.category else "未分类"
                body = f"{category} · {SEVERITY_NAMES[case.severity]}"
            elif action == "add_note":
                kind, body = K.NOTE, "已电话联系顾客，了解基本情况。"
            elif action == "start_investigation":
                target, body = State.INVESTIGATING, ""
            elif action == "route":
                kind = K.ROUTING
                case.responsible_unit = case.responsible_unit or case.unit_complained_about
                body = f"转{case.responsible_unit or case.store}处理。"
            elif action == "request_information":
                kind, target, visible = K.MESSAGE_OUT, State.AWAITING_CUSTOMER, True
                body = "请您提供购物小票和商品照片，以便我们核实。"
                case.paused_at = at
            elif action in ("propose_resolution", "request_approval"):
                self.propose(case, store, action == "request_approval")
                target = (
                    State.APPROVAL_PENDING
                    if action == "request_approval"
                    else State.RESOLUTION_PROPOSED
                )
                visible, body = action == "propose_resolution", case.resolution
                if target == State.RESOLUTION_PROPOSED and history == State.RESOLUTION_PROPOSED:
                    case.paused_at = at
            elif action == "customer_accept":
                target, visible, actor, label = State.ACCEPTED, True, None, CUSTOMER
                case.customer_answer = body = "同意该处理方案。"
            elif action == "implement":
                if not case.resolution:
                    self.propose(case, store, False)
                target, visible, body = State.IMPLEMENTED, True, "已按方案处理完毕。"
            elif action == "start_follow_up":
                target = State.FOLLOW_UP
            elif action == "record_callback":
                kind = K.CALLBACK
                if rng.random() < 0.3:
                    case.sms_sent_at = at
                    body = "未联系上顾客，已发送短信。"
                else:
                    case.satisfaction = self.satisfaction.pick(rng)
                    body = f"已回访，满意度 {case.satisfaction}。"
            elif action == "close":
                target, visible = State.CLOSED, True
                self.close(case, store, at)
                body = "投诉已处理完毕并结案，感谢您的反馈。"
            elif action == "mark_invalid":
                target, visible = State.INVALID_CLOSED, True
                case.validity = rng.choice(list(INVALID_REASONS))
                case.validity_reason = body = INVALID_REASONS[case.validity]
                case.closed_at, case.closed_by = at, actor
            elif action == "dispute":
                target, visible, actor, label = State.REOPENED, True, None, CUSTOMER
                body = "对处理结果不满意，问题没有解决。"
                # As services.cases._dispute: reopened, escalated one rung, clocks restarted.
                case.reopen_count = 1
                case.escalation_level = 1
                case.escalated_to = self.person(store.supervisors)
                case.satisfaction = None
                restarted = self.due_times(
                    case.channel, case.severity, case.urgency, at, case.referring_body
                )
                case.resolve_due, case.update_due = restarted.resolve, restarted.update
            elif action == "archive":
                target, body = State.ARCHIVED, "已签批归档。"
                actor = self.person(store.managers) or actor
                case.signed_off_by = actor
            events.append(
                Draft(
                    EVENT_DEFAULTS,
                    kind=kind,
                    action=action,
                    actor=actor,
                    actor_label=label,
                    at=at,
                    from_state=state if target and action else "",
                    to_state=target or "",
                    body=body,
                    customer_visible=visible,
                )
            )
            state = target or state
        return events

    def propose(self, case: Draft, store: Store, above_authority: bool) -> None:
        rng = self.rng
        kind = rng.choice(
            [CompensationKind.EXCHANGE, CompensationKind.REFUND, CompensationKind.REPAIR,
             CompensationKind.CASH, CompensationKind.VOUCHER, CompensationKind.APOLOGY]
        )  # fmt: skip
        if above_authority:
            kind = CompensationKind.CASH
        amount = None
        if kind in (CompensationKind.CASH, CompensationKind.VOUCHER):
            amount = Decimal(rng.randrange(120, 600) if above_authority else rng.randrange(10, 100))
        case.compensation_kind = kind
        case.compensation_amount = amount
        case.resolution = {
            CompensationKind.EXCHANGE: "为您更换同型号新品。",
            CompensationKind.REFUND: "为您办理全额退款。",
            CompensationKind.REPAIR: "免费上门维修，并延长保修期半年。",
            CompensationKind.CASH: f"向您致歉并补偿现金{amount}元。",
            CompensationKind.VOUCHER: f"向您致歉并赠送{amount}元购物券。",
            CompensationKind.APOLOGY: "当面向您致歉，并对相关员工进行培训。",
        }[kind]
        case.compensation_requested_by = case.owner
        if not above_authority:
            case.compensation_approved_by = (
                case.owner if (amount or 0) <= 20 else self.person(store.approvers)
            )
        case.quality_problem = case.category is not None and case.category.code == (
            "product_quality"
        )

    def close(self, case: Draft, store: Store, at: datetime) -> None:
        rng = self.rng
        case.closed_at = at
        case.closed_by = (
            self.person(store.managers) if case.severity == Severity.MAJOR else case.owner
        )
        case.validity = rng.choice(
            [Validity.VALID_SERVICE, Validity.VALID_MINOR, Validity.VALID_BUSINESS_ERROR]
            + ([Validity.VALID_MAJOR] if case.severity == Severity.MAJOR else [])
        )
        case.cause, case.corrective_action, case.prevention = rng.choice(CAUSES)


def _unique_references(cases: list[Draft]) -> None:
    """Give each case a reference unused in this batch and in the database."""
    taken: set[str] = set()
    pending = cases
    while pending:
        for case in pending:
            reference = new_reference()
            while reference in taken:
                reference = new_reference()
            case.reference = reference
            taken.add(reference)
        clashes = set(
            Case.objects.filter(reference__in=[c.reference for c in pending]).values_list(
                "reference", flat=True
            )
        )
        pending = [case for case in pending if case.reference in clashes]


def _column_values(model, skip: tuple[str, ...] = ()):
    """(column names, row builder) turning a Draft into the model's column values. The hot loop
    of the insert: one dict lookup per column, then fix-ups for the few special columns."""
    fields = [f for f in model._meta.concrete_fields if f.name not in skip]
    names = [field.name for field in fields]
    relations = [i for i, f in enumerate(fields) if f.is_relation]
    documents = [i for i, f in enumerate(fields) if f.get_internal_type() == "JSONField"]
    stamps = [
        i for i, f in enumerate(fields) if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    ]  # fmt: skip

    def row(draft: Draft, now: datetime) -> list:
        values = [draft.get(name) for name in names]
        for i in relations:
            if values[i] is not None:
                values[i] = values[i].pk
        for i in documents:
            values[i] = json.dumps(values[i]) if values[i] else "{}"
        for i in stamps:
            values[i] = now
        return values

    return [field.column for field in fields], row


def _copy(cursor, table: str, columns: list[str], rows) -> None:
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(table), sql.SQL(", ").join(map(sql.Identifier, columns))
    )
    with cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row(row)


def _insert_postgresql(built: list[tuple[Draft, list[Draft]]], now: datetime) -> None:
    """COPY, with the case ids taken from the sequence first so the entries can point at them:
    several times faster than bulk_create at this size."""
    case_columns, case_row = _column_values(Case)
    event_columns, event_row = _column_values(CaseEvent, skip=("id",))
    with connection.cursor() as wrapper:
        cursor = wrapper.cursor  # psycopg's own cursor, for COPY
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [Case._meta.db_table, len(built)],
        )
        ids = [row[0] for row in cursor.fetchall()]
        for (case, events), pk in zip(built, ids, strict=True):
            case.id = pk
            for event in events:
                event.case = case
        _copy(cursor, Case._meta.db_table, case_columns, (case_row(c, now) for c, _e in built))
        _copy(
            cursor,
            CaseEvent._meta.db_table,
            event_columns,
            (event_row(event, now) for _c, events in built for event in events),
        )


def _insert_portable(built: list[tuple[Draft, list[Draft]]]) -> None:
    cases = Case.objects.bulk_create([Case(**case) for case, _events in built], batch_size=1000)
    CaseEvent.objects.bulk_create(
        [
            CaseEvent(**{**event, "case": case})
            for case, (_draft, events) in zip(cases, built, strict=True)
            for event in events
        ],
        batch_size=2000,
    )


def seed_cases(count: int, *, seed: int = 2026, batch_size: int = 5000, progress=None) -> int:
    """Create `count` synthetic cases (see the module docstring). Returns the number created."""
    generator = Generator(seed, timezone.now())
    created = 0
    started = time.perf_counter()
    while created < count:
        size = min(batch_size, count - created)
        built = [generator.build() for _ in range(size)]
        with transaction.atomic():
            _unique_references([case for case, _events in built])
            if connection.vendor == "postgresql":
                _insert_postgresql(built, timezone.now())
            else:
                _insert_portable(built)
        before, created = created, created + size
        if progress and (created // PROGRESS_EVERY > before // PROGRESS_EVERY or created == count):
            progress(created, time.perf_counter() - started)
    return created


class Command(BaseCommand):
    help = (
        "Create N synthetic cases with timelines over the last 18 months (bulk inserts: no "
        "field history, no notifications). Needs the organisation: run load_demo first."
    )

    def add_arguments(self, parser):
        parser.add_argument("--cases", type=int, required=True, help="How many cases to create.")
        parser.add_argument("--seed", type=int, default=2026, help="Same seed, same cases.")
        parser.add_argument("--batch", type=int, default=5000, help="Cases per transaction.")

    def handle(self, *args, **options):
        count = options["cases"]
        if count < 1:
            raise CommandError("--cases must be at least 1.")

        def progress(done: int, seconds: float) -> None:
            self.stdout.write(
                f"{done:,} / {count:,} cases, {seconds:.0f} s ({done / max(seconds, 0.001):,.0f}/s)"
            )

        created = seed_cases(
            count, seed=options["seed"], batch_size=options["batch"], progress=progress
        )
        self.stdout.write(self.style.SUCCESS(f"Created {created:,} synthetic cases."))
