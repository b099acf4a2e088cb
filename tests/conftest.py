import pytest


@pytest.fixture(autouse=True)
def _media_and_language(settings, tmp_path):
    # Every test gets its own upload folder and starts in the default language.
    settings.MEDIA_ROOT = tmp_path / "media"
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture
def demo(db):
    """The demo organisation, accounts and pages, as `make run` loads them."""
    from demo.organisation import load_accounts, load_organisation
    from demo.pages import load_pages

    units = load_organisation()
    load_accounts(units)
    load_pages()
    return units
