import pytest

from tests.portal.helpers import complaint_data


@pytest.fixture
def submitted(client, demo_site):
    """A complaint submitted through the form by `client`: (case, tracking code)."""
    from backoffice import public
    from backoffice.models import Case

    response = client.post("/complain/", complaint_data())
    assert response.status_code == 302, response.content.decode()[:2000]
    case = Case.objects.get()
    return case, public.customer_tracking_code(case)
