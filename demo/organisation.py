"""Demo organisation: head office, two stores with departments and counters, a supplier and a
carrier, and one account per role."""

from django.contrib.auth import get_user_model

from backoffice.choices import Role, UnitKind
from backoffice.models import Unit
from backoffice.roles import staff_member_set

UNITS = [
    # code, parent, kind, 中文, English
    ("hq", None, UnitKind.HEAD_OFFICE, "总部客服中心", "Head office service centre"),
    ("s01", "hq", UnitKind.STORE, "朝阳门店", "Chaoyangmen store"),
    ("s01-food", "s01", UnitKind.DEPARTMENT, "朝阳门店生鲜食品部", "Chaoyangmen fresh food"),
    ("s01-elec", "s01", UnitKind.COUNTER, "朝阳门店家电柜组", "Chaoyangmen appliances counter"),
    ("s01-cs", "s01", UnitKind.COUNTER, "朝阳门店服务台", "Chaoyangmen service desk"),
    ("s02", "hq", UnitKind.STORE, "望京门店", "Wangjing store"),
    ("s02-fashion", "s02", UnitKind.COUNTER, "望京门店女装柜组", "Wangjing women's wear counter"),
    ("s02-cs", "s02", UnitKind.COUNTER, "望京门店服务台", "Wangjing service desk"),
    ("sup-meiyuan", "hq", UnitKind.SUPPLIER, "美源家电供应商", "Meiyuan appliances (supplier)"),
    ("car-suda", "hq", UnitKind.CARRIER, "速达物流", "Suda logistics (carrier)"),
]

# username, password, role, unit, 姓, 名, e-mail
ACCOUNTS = [
    ("agent", "agent-demo-2026", Role.AGENT, "s01", "王", "丽", "agent@example.com"),
    (
        "supervisor",
        "supervisor-demo-2026",
        Role.SUPERVISOR,
        "s01",
        "陈",
        "刚",
        "supervisor@example.com",
    ),
    ("manager", "manager-demo-2026", Role.MANAGER, "s01", "刘", "敏", "manager@example.com"),
    ("gm", "gm-demo-2026", Role.GENERAL_MANAGER, "s01", "赵", "强", "gm@example.com"),
    ("agent2", "agent2-demo-2026", Role.AGENT, "s02", "孙", "悦", "agent2@example.com"),
    ("manager2", "manager2-demo-2026", Role.MANAGER, "s02", "周", "涛", "manager2@example.com"),
    ("unitstaff", "unitstaff-demo-2026", Role.AGENT, "s01-elec", "吴", "磊", "elec@example.com"),
    ("headoffice", "headoffice-demo-2026", Role.HEAD_OFFICE, "hq", "郑", "洁", "hq@example.com"),
    ("oversight", "oversight-demo-2026", Role.OVERSIGHT, "hq", "冯", "伟", "oversight@example.com"),
    ("trainer", "trainer-demo-2026", Role.TRAINER, "hq", "何", "静", "trainer@example.com"),
    ("admin", "admin-demo-2026", Role.ADMINISTRATOR, "hq", "许", "诺", "admin@example.com"),
]


def load_organisation() -> dict[str, Unit]:
    units: dict[str, Unit] = {}
    for code, parent, kind, name, name_en in UNITS:
        unit, _ = Unit.objects.get_or_create(
            code=code,
            defaults={"name": name, "name_en": name_en, "kind": kind, "parent": units.get(parent)},
        )
        units[code] = unit
    return units


def load_accounts(units: dict[str, Unit]) -> list[tuple[str, str, str]]:
    """Create the demo accounts once; returns (username, password, role label) to print."""
    user_model = get_user_model()
    printed = []
    for username, password, role, unit, last, first, email in ACCOUNTS:
        user = user_model.objects.filter(username=username).first()
        if user is None:
            user = user_model.objects.create_user(
                username=username,
                password=password,
                email=email,
                first_name=first,
                last_name=last,
                is_superuser=role == Role.ADMINISTRATOR,
            )
            staff_member_set(user=user, unit=units[unit], role=role)
        printed.append((username, password, str(Role(role).label)))
    return printed
