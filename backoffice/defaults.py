"""Defaults from DOMAIN.md: categories, SLA rules, authority limits, referring bodies. Every
value is editable by an administrator afterwards. Used by migration 0002 (with the historical
models) and by anything that must restore them after a database flush."""

from decimal import Decimal

from django.apps import apps as global_apps

CATEGORIES = [
    # code, 中文, English, weekly report group, major by default
    ("product_quality", "商品质量", "Product quality", "product", False),
    ("service_attitude", "服务态度", "Service attitude", "service", False),
    ("business_error", "业务差错", "Service or business error", "service", False),
    ("facilities", "服务设施", "Facilities", "facilities", False),
    ("delivery", "交期/配送", "Delivery or lead time", "other", False),
    ("price_billing", "价格/折扣", "Price, discount or billing", "other", False),
    ("injury", "人身伤害", "Injury on premises or from goods", "facilities", True),
    ("lost_property", "物品遗失", "Lost or damaged property", "service", False),
    ("system", "网站/系统", "Website or system", "other", False),
    ("other", "其他", "Other", "other", False),
]

# clock, channel, severity, urgency, amount, unit
SLA_RULES = [
    ("acknowledge", "", "", "", "24", "hours"),
    ("acknowledge", "phone", "", "", "2", "working_hours"),
    ("acknowledge", "walk_in", "", "", "1", "working_hours"),
    ("update", "", "", "", "3", "working_days"),
    ("update", "", "major", "", "1", "working_days"),
    ("resolve", "", "", "", "3", "working_days"),
    ("resolve", "phone", "", "", "1", "working_days"),
    ("resolve", "walk_in", "", "", "1", "working_days"),
    ("resolve", "", "", "urgent", "1", "working_days"),
    ("resolve", "", "", "very_urgent", "4", "working_hours"),
    ("resolve", "", "major", "", "3", "working_days"),
]

REFERRING_BODIES = [
    ("12315", "12315 市场监管投诉热线", "12315 market-regulation hotline", "10", True),
    ("consumer_association", "消费者协会", "Consumers' association", "10", True),
    ("regulator_hotline", "政府服务热线 12345", "Government service hotline 12345", "5", True),
    ("head_office", "总部客服中心工单", "Head-office service centre work order", "3", False),
    ("brand", "品牌方投诉工单", "Brand work order", "3", False),
]


def load_defaults(apps=global_apps) -> None:
    """Create the DOMAIN.md defaults that are missing; never changes an edited value."""
    Category = apps.get_model("backoffice", "Category")
    SlaRule = apps.get_model("backoffice", "SlaRule")
    AuthorityLimit = apps.get_model("backoffice", "AuthorityLimit")
    ReferringBody = apps.get_model("backoffice", "ReferringBody")
    for position, (code, zh, en, group, major) in enumerate(CATEGORIES):
        Category.objects.get_or_create(
            code=code,
            defaults={
                "name": zh,
                "name_en": en,
                "report_group": group,
                "major_by_default": major,
                "position": position,
            },
        )
    for clock, channel, severity, urgency, amount, unit in SLA_RULES:
        SlaRule.objects.get_or_create(
            clock=clock,
            channel=channel,
            severity=severity,
            urgency=urgency,
            defaults={"amount": Decimal(amount), "unit": unit},
        )
    AuthorityLimit.objects.get_or_create(role="agent", defaults={"max_amount": Decimal("20")})
    AuthorityLimit.objects.get_or_create(role="supervisor", defaults={"max_amount": Decimal("100")})
    # A role without a row has no authority (backoffice.authority): managers up are unlimited.
    # (Migration 0002 runs this with a table that cannot say "unlimited" yet; 0007 adds them.)
    if AuthorityLimit._meta.get_field("max_amount").null:
        for role in ("manager", "general_manager", "administrator"):
            AuthorityLimit.objects.get_or_create(role=role, defaults={"max_amount": None})
    for code, zh, en, days, major in REFERRING_BODIES:
        ReferringBody.objects.get_or_create(
            code=code,
            defaults={
                "name": zh,
                "name_en": en,
                "deadline_amount": Decimal(days),
                "deadline_unit": "working_days",
                "makes_major": major,
            },
        )
