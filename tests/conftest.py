from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from django.contrib.auth import get_user_model

from backoffice.choices import Channel
from backoffice.models import Category
from backoffice.services.cases import case_submit, case_transition


@pytest.fixture(autouse=True)
def _media_and_language(settings, tmp_path):
    # Every test gets its own upload folder and starts in the default language.
    settings.MEDIA_ROOT = tmp_path / "media"
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _test_client_sign_ins_pass_the_second_factor(request, monkeypatch):
    """The second factor stays on in tests (settings.MFA_REQUIRED). A test client signed in with
    `force_login` or `login` stands for a person who also entered their authenticator code: the
    account gets a confirmed device and the session is marked verified by it, exactly as the
    challenge screen does. Browser sign-ins are not affected. Tests marked
    `real_second_factor` get bare password sessions, to test the second factor itself."""
    if request.node.get_closest_marker("real_second_factor"):
        return
    import django_otp

    from django.test.client import ClientMixin

    from tests.second_factor import enrol

    password_only = ClientMixin._login

    def login_with_second_factor(self, user, backend=None):
        password_only(self, user, backend)
        session = self.session
        session[django_otp.DEVICE_ID_SESSION_KEY] = enrol(user).persistent_id
        session.save()

    monkeypatch.setattr(ClientMixin, "_login", login_with_second_factor)


@pytest.fixture
def demo(db):
    """The demo organisation and one account per role, as `make run` loads them."""
    from backoffice.defaults import load_defaults
    from demo.organisation import load_accounts, load_organisation

    load_defaults()  # a transactional test's flush removes what the migration loaded
    units = load_organisation()
    load_accounts(units)
    return units


@pytest.fixture
def demo_site(demo):
    """The demo organisation plus the public pages in both languages."""
    from demo.pages import load_pages

    load_pages()
    return demo


SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(*args) -> datetime:
    return datetime(*args, tzinfo=SHANGHAI)


@pytest.fixture
def staff(demo):
    users = {u.username: u for u in get_user_model().objects.all()}
    return users


@pytest.fixture
def submit(demo, staff):
    def make(channel=Channel.PHONE, actor="agent", received_at=None, **data):
        values = {
            "complainant_name": "李小红",
            "complainant_phone": "13800138000",
            "complainant_email": "lxh@example.com",
            "store": demo["s01"],
            "description": "买的电饭煲第二天就不加热了。",
            "customer_demand": "换一台新的。",
        }
        values.update(data)
        who = staff[actor] if isinstance(actor, str) and actor in staff else actor
        return case_submit(
            channel=channel,
            data=values,
            actor=who,
            received_at=received_at or at(2026, 11, 16, 10, 0),
        ).case

    return make


@pytest.fixture
def category(db):
    return Category.objects.get(code="product_quality")


@pytest.fixture
def act(staff):
    def run(case, action, actor="agent", **data):
        who = staff.get(actor, actor) if isinstance(actor, str) else actor
        return case_transition(case=case, action=action, actor=who, data=data)

    return run
