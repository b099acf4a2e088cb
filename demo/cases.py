"""A dozen demo cases for `make run`, so the back office opens on a queue that looks alive.

Every case is recorded and moved through the real services (case_submit, case_transition) by
the demo staff accounts, at times relative to now (hours to weeks ago), so the timelines,
deadlines, escalations and notifications are exactly what the product produces. Loaded once:
nothing happens if any case exists. A deadline falling in a year without an official
working-day schedule is left empty (the services never guess), so a late-December run works too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from backoffice.choices import Channel, ContactPreference, Gender, Urgency
from backoffice.models import Case, Category, ReferringBody, Unit
from backoffice.services.cases import case_submit, case_transition
from backoffice.workflow import CUSTOMER, SYSTEM


@dataclass
class Step:
    action: str
    actor: str  # a demo username, or CUSTOMER / SYSTEM
    ago: timedelta
    data: dict = field(default_factory=dict)


@dataclass
class DemoCase:
    channel: str
    recorded_by: str  # a demo username, or CUSTOMER for the online form
    ago: timedelta
    data: dict
    steps: list[Step] = field(default_factory=list)


def d(days: float = 0, hours: float = 0, minutes: float = 0) -> timedelta:
    return timedelta(days=days, hours=hours, minutes=minutes)


def _customer(name, gender, phone, email="", **extra) -> dict:
    return {
        "complainant_name": name,
        "complainant_gender": gender,
        "complainant_phone": phone,
        "complainant_email": email,
        **extra,
    }


CLOSE_LESSONS = {
    "validity": "valid_error",
    "cause": "该批次豆浆机电机出厂检验漏检，同批次另有两台返修记录。",
    "corrective_action": "为顾客更换新机，并赠送50元购物券致歉。",
    "prevention": "家电柜组对该批次库存逐台通电试机；供应商限期提交整改报告。",
}


def demo_cases(units: dict[str, Unit], categories: dict[str, Category], bodies) -> list[DemoCase]:
    s01, s02 = units["s01"], units["s02"]
    return [
        DemoCase(  # received: a phone call two hours ago, not yet acknowledged
            Channel.PHONE,
            "agent",
            d(hours=2),
            _customer(
                "李秀英",
                Gender.FEMALE,
                "13801234567",
                store=s01,
                unit_complained_about=units["s01-elec"],
                product_name="美的电饭煲",
                product_model="MB-FB40",
                product_batch="LOT20261009A",
                description="上周六在家电柜组买的美的电饭煲，用了三次就不加热了，指示灯一直闪。",
                customer_demand="希望换一台新的。",
            ),
        ),
        DemoCase(  # acknowledged: a walk-in at the service desk yesterday
            Channel.WALK_IN,
            "agent",
            d(days=1, hours=3),
            _customer(
                "张建国",
                Gender.MALE,
                "13911112222",
                store=s01,
                unit_complained_about=units["s01-food"],
                product_name="丹东草莓",
                product_batch="生鲜批次 1121-03",
                description="昨天下午买的两盒草莓，回家打开下层有一半已经发霉。",
                customer_demand="退款。",
                category=categories["product_quality"],
            ),
            [Step("acknowledge", "agent", d(days=1, hours=2, minutes=50))],
        ),
        DemoCase(  # investigating: the online form, routed to the women's wear counter
            Channel.ONLINE,
            CUSTOMER,
            d(days=3, hours=5),
            _customer(
                "王静",
                Gender.FEMALE,
                "13698765432",
                "wangjing.demo@example.com",
                preferred_contact=ContactPreference.EMAIL,
                store=s02,
                unit_complained_about=units["s02-fashion"],
                product_name="女士羊毛大衣",
                product_model="W23-0876 驼色 M码",
                order_number="DD20261118004521",
                description="按吊牌说明手洗后大衣明显缩水，袖子短了两厘米，吊牌写的是100%羊毛。",
                customer_demand="退货退款，或者给个合理的说法。",
            ),
            [
                Step(
                    "start_investigation",
                    "agent2",
                    d(days=3, hours=1),
                    {
                        "category": categories["product_quality"].pk,
                        "responsible_unit": units["s02-fashion"].pk,
                    },
                ),
            ],
        ),
        DemoCase(  # waiting for the customer: a comment card from the suggestion box
            Channel.LETTER,
            "agent",
            d(days=5, hours=20),
            _customer(
                "刘先生",
                Gender.MALE,
                "13566667777",
                store=s01,
                unit_complained_about=units["s01-cs"],
                description="意见单：服务台办理退货时让我等了四十分钟，中间换了两个人都说不清流程。",
                customer_demand="希望改进退货流程。",
            ),
            [
                Step("acknowledge", "agent", d(days=5, hours=4)),
                Step(
                    "start_investigation",
                    "agent",
                    d(days=5, hours=3),
                    {"category": categories["service_attitude"].pk},
                ),
                Step(
                    "request_information",
                    "agent",
                    d(days=4, hours=22),
                    {
                        "message": "刘先生您好，请问您办理退货的具体日期和大致时间？我们需要调取当时的监控核实。"
                    },
                ),
            ],
        ),
        DemoCase(  # compensation of ¥300: above the supervisor's ¥100, waits for the manager
            Channel.PHONE,
            "agent",
            d(days=4, hours=6),
            _customer(
                "陈玉兰",
                Gender.FEMALE,
                "18612345678",
                store=s01,
                unit_complained_about=units["s01-elec"],
                responsible_unit=units["car-suda"],
                product_name="海尔冰箱",
                product_model="BCD-216",
                order_number="XS20261115-0087",
                description="送货上门时冰箱右侧门板被磕出一个明显凹坑，送货员说是出库前就有的。",
                customer_demand="要求赔偿或换货。",
            ),
            [
                Step("acknowledge", "agent", d(days=4, hours=5)),
                Step(
                    "start_investigation",
                    "agent",
                    d(days=4, hours=4),
                    {"category": categories["delivery"].pk},
                ),
                Step(
                    "propose_resolution",
                    "agent",
                    d(days=3, hours=2),
                    {
                        "resolution": "经核实为配送途中磕碰。顾客同意保留冰箱，补偿现金300元，承运商承担。",
                        "compensation_kind": "cash",
                        "compensation_amount": "300",
                    },
                ),
            ],
        ),
        DemoCase(  # resolution proposed: a Weibo post about a rude cashier
            Channel.SOCIAL,
            "agent2",
            d(days=2, hours=4),
            _customer(
                "赵小雨",
                Gender.FEMALE,
                "15011223344",
                store=s02,
                unit_complained_about=units["s02-cs"],
                staff_involved="3号收银台",
                description="微博留言：周日晚上在望京店结账，收银员把找零直接扔在台面上，还嫌我动作慢。",
                customer_demand="希望门店道歉并加强员工培训。",
            ),
            [
                Step("acknowledge", "agent2", d(days=2, hours=3)),
                Step(
                    "start_investigation",
                    "agent2",
                    d(days=2, hours=2),
                    {"category": categories["service_attitude"].pk},
                ),
                Step(
                    "propose_resolution",
                    "agent2",
                    d(days=1, hours=5),
                    {
                        "resolution": "经查监控情况属实。门店向您郑重道歉，赠送20元购物券，并对该收银员进行服务规范培训。",
                        "compensation_kind": "voucher",
                        "compensation_amount": "20",
                    },
                ),
            ],
        ),
        DemoCase(  # follow-up: a head-office work order; the customer did not pick up
            Channel.WORK_ORDER,
            "agent",
            d(days=9),
            _customer(
                "孙丽娟",
                Gender.FEMALE,
                "13722334455",
                store=s01,
                referring_body=bodies["head_office"],
                external_reference="GD2026111400312",
                unit_complained_about=units["s01-food"],
                product_name="伊利纯牛奶",
                product_model="250ml×24",
                product_batch="20261002",
                description="总部客服中心转来工单：顾客反映整箱牛奶中有三盒胀包。",
                customer_demand="退换并说明原因。",
            ),
            [
                Step("acknowledge", "agent", d(days=8, hours=23)),
                Step(
                    "start_investigation",
                    "agent",
                    d(days=8, hours=20),
                    {"category": categories["product_quality"].pk},
                ),
                Step(
                    "propose_resolution",
                    "agent",
                    d(days=8),
                    {
                        "resolution": "为您更换同款新品一箱，并将胀包样品送检。",
                        "compensation_kind": "exchange",
                    },
                ),
                Step("customer_accept", "agent", d(days=7, hours=22)),
                Step("implement", "agent", d(days=6), {"note": "已上门换货，样品已寄供应商检测。"}),
                Step("start_follow_up", "agent", d(days=2)),
                Step("record_callback", "agent", d(days=1, hours=2), {"reached": False}),
            ],
        ),
        DemoCase(  # closed with lessons and the customer's satisfaction
            Channel.PHONE,
            "agent",
            d(days=16),
            _customer(
                "周海燕",
                Gender.FEMALE,
                "13833445566",
                store=s01,
                unit_complained_about=units["s01-elec"],
                product_name="九阳豆浆机",
                product_model="DJ13B-D08D",
                product_batch="LOT2026-0815",
                description="买了不到一个月的豆浆机，打豆浆时电机有焦糊味并自动断电。",
                customer_demand="换新机。",
            ),
            [
                Step("acknowledge", "agent", d(days=16, minutes=-20)),
                Step(
                    "start_investigation",
                    "agent",
                    d(days=15, hours=22),
                    {
                        "category": categories["product_quality"].pk,
                        "responsible_unit": units["s01-elec"].pk,
                    },
                ),
                Step(
                    "propose_resolution",
                    "agent",
                    d(days=15, hours=3),
                    {
                        "resolution": "为您更换新机并赠送20元购物券致歉。",
                        "compensation_kind": "exchange",
                        "quality_problem": True,
                    },
                ),
                Step("customer_accept", CUSTOMER, d(days=15, hours=1)),
                Step("implement", "agent", d(days=14), {"note": "已换新机，旧机退回供应商。"}),
                Step("start_follow_up", "agent", d(days=12)),
                Step(
                    "record_callback",
                    "agent",
                    d(days=11, hours=22),
                    {"reached": True, "satisfaction": 5, "comment": "新机器很好用，感谢及时处理。"},
                ),
                Step("close", "agent", d(days=11, hours=20), CLOSE_LESSONS),
            ],
        ),
        DemoCase(  # closed as invalid: the customer's own cause
            Channel.PHONE,
            "agent2",
            d(days=6),
            _customer(
                "吴先生",
                Gender.MALE,
                "13599887766",
                store=s02,
                unit_complained_about=units["s02-fashion"],
                product_name="男士羽绒服",
                description="羽绒服穿了两个月后背开线，要求免费更换新衣。",
                customer_demand="换新。",
            ),
            [
                Step("acknowledge", "agent2", d(days=6, minutes=-30)),
                Step(
                    "mark_invalid",
                    "agent2",
                    d(days=5, hours=2),
                    {
                        "validity": "invalid_customer",
                        "validity_reason": "经柜组与供应商共同鉴定，开线处有明显外力拉扯痕迹，非质量问题；已告知顾客可付费修补。",
                    },
                ),
            ],
        ),
        DemoCase(  # reopened: the customer disputes the refund of a price difference
            Channel.WALK_IN,
            "agent",
            d(days=12),
            _customer(
                "郑伟",
                Gender.MALE,
                "13677778888",
                store=s01,
                unit_complained_about=units["s01-cs"],
                product_name="五常大米 5kg",
                description="货架标价59.9元，结账按79.9元收的，小票上没有显示促销价。",
                customer_demand="退还差价并赔偿。",
            ),
            [
                Step("acknowledge", "agent", d(days=12, minutes=-10)),
                Step(
                    "start_investigation",
                    "agent",
                    d(days=12, minutes=-40),
                    {"category": categories["price_billing"].pk},
                ),
                Step(
                    "propose_resolution",
                    "agent",
                    d(days=11, hours=20),
                    {
                        "resolution": "退还差价20元。",
                        "compensation_kind": "refund",
                        "compensation_amount": "20",
                    },
                ),
                Step("customer_accept", CUSTOMER, d(days=11, hours=19)),
                Step("implement", "agent", d(days=11, hours=18), {"note": "已退还差价20元。"}),
                Step(
                    "dispute",
                    CUSTOMER,
                    d(days=3),
                    {"message": "按照价格法标价与结算不符应当赔偿，只退差价我不接受。"},
                ),
            ],
        ),
        DemoCase(  # major: an injury on the premises, handled by the manager
            Channel.WALK_IN,
            "supervisor",
            d(days=1, hours=6),
            _customer(
                "黄阿姨",
                Gender.FEMALE,
                "13912340000",
                store=s01,
                unit_complained_about=units["s01-food"],
                incident_date=None,
                description="顾客在生鲜区冷柜旁湿滑地面摔倒，右手腕肿痛，已由同事陪同到医院拍片。",
                customer_demand="承担医药费并道歉。",
                category=categories["injury"],
                urgency=Urgency.URGENT,
            ),
            [
                Step("acknowledge", "supervisor", d(days=1, hours=5, minutes=45)),
                Step("assign", "supervisor", d(days=1, hours=5), {"owner": "manager"}),
                Step(
                    "start_investigation",
                    "manager",
                    d(days=1, hours=4),
                    {
                        "category": categories["injury"].pk,
                        "responsible_unit": units["s01-food"].pk,
                    },
                ),
            ],
        ),
        DemoCase(  # a 12315 referral with the authority's own 10-working-day deadline
            Channel.REFERRAL,
            "agent",
            d(days=8, hours=2),
            _customer(
                "何先生",
                Gender.MALE,
                "13355556666",
                store=s01,
                referring_body=bodies["12315"],
                external_reference="12315-20261113-0458",
                unit_complained_about=units["s01-elec"],
                product_name="飞利浦电动牙刷",
                product_model="HX6730",
                description="12315转办：顾客称购买的电动牙刷充电两周后无法开机，门店以无发票为由拒绝保修。",
                customer_demand="按三包规定维修或更换。",
            ),
            [
                Step("acknowledge", "agent", d(days=8, hours=1)),
                Step(
                    "start_investigation",
                    "manager",
                    d(days=7, hours=20),
                    {
                        "category": categories["product_quality"].pk,
                        "responsible_unit": units["sup-meiyuan"].pk,
                    },
                ),
            ],
        ),
        DemoCase(  # overdue: a phone complaint acknowledged six days ago and left waiting
            Channel.PHONE,
            "agent2",
            d(days=6, hours=1),
            _customer(
                "林晓东",
                Gender.MALE,
                "18811223344",
                store=s02,
                unit_complained_about=units["s02-cs"],
                description="会员积分兑换的电饭煲已过去三周还没到货，打了两次电话都说在催。",
                customer_demand="尽快发货，否则退回积分。",
                member_card="M2026004415",
            ),
            [Step("acknowledge", "agent2", d(days=6))],
        ),
    ]


def _actor(name: str, users: dict):
    return name if name in (CUSTOMER, SYSTEM) else users[name]


def _resolve_people(data: dict, users: dict) -> dict:
    """Usernames in action data (a hand-over's new owner) become accounts."""
    return {key: users[value].pk if key == "owner" else value for key, value in data.items()}


@transaction.atomic
def load_cases(units: dict[str, Unit], *, now: datetime | None = None) -> int:
    """Create the demo cases once; returns how many were created (0 if any case exists)."""
    if Case.objects.exists():
        return 0
    now = now or timezone.now()
    users = {user.username: user for user in get_user_model().objects.all()}
    categories = {category.code: category for category in Category.objects.all()}
    bodies = {body.code: body for body in ReferringBody.objects.all()}
    created = 0
    for demo in demo_cases(units, categories, bodies):
        data = {key: value for key, value in demo.data.items() if value is not None}
        received = now - demo.ago
        data.setdefault("incident_date", timezone.localtime(received).date())
        case = case_submit(
            channel=demo.channel,
            data=data,
            actor=_actor(demo.recorded_by, users),
            received_at=received,
        ).case
        for step in demo.steps:
            case = case_transition(
                case=case,
                action=step.action,
                actor=_actor(step.actor, users),
                data=_resolve_people(step.data, users),
                now=now - step.ago,
            )
        created += 1
    return created
