"""The pages editors manage, in both languages, linked as translations."""

import pytest

from portal.models import ComplaintFormPage, HomePage, TrackingPage

pytestmark = pytest.mark.django_db


def test_the_form_and_tracking_pages_exist_in_both_languages_as_translations(demo_site):
    for model in (ComplaintFormPage, TrackingPage):
        pages = {page.locale.language_code: page for page in model.objects.live()}
        assert set(pages) == {"zh-hans", "en"}
        assert pages["zh-hans"].translation_key == pages["en"].translation_key
        assert all(isinstance(page.get_parent().specific, HomePage) for page in pages.values())


def test_they_are_in_the_menu_of_each_language(client, demo_site):
    chinese = client.get("/").content.decode()
    assert 'href="/complain/"' in chinese and 'href="/track/"' in chinese
    english = client.get("/en/").content.decode()
    assert "Complain online" in english and 'href="/en/track/"' in english


def test_the_page_tree_is_strict():
    assert ComplaintFormPage.parent_page_types == ["portal.HomePage"]
    assert "portal.ComplaintFormPage" in HomePage.subpage_types
    assert "portal.TrackingPage" in HomePage.subpage_types
    assert TrackingPage.subpage_types == []


def test_editors_write_the_intro_and_privacy_notice(client, demo_site):
    page = ComplaintFormPage.objects.get(locale__language_code="en")
    page.privacy_notice = "<p>We keep your data for two years.</p>"
    page.save_revision().publish()
    html = client.get("/en/complain/").content.decode()
    assert "We keep your data for two years." in html
    assert "Tell us what happened" in html


def test_loading_the_demo_pages_again_adds_nothing(demo_site):
    from demo.pages import load_pages

    count = ComplaintFormPage.objects.count() + TrackingPage.objects.count()
    load_pages()
    assert ComplaintFormPage.objects.count() + TrackingPage.objects.count() == count == 4


def test_the_service_pages_are_added_to_a_site_loaded_before_they_existed(demo_site):
    from demo.pages import load_pages

    for model in (ComplaintFormPage, TrackingPage):
        for page in model.objects.all():
            page.delete()
    load_pages()
    assert ComplaintFormPage.objects.count() == TrackingPage.objects.count() == 2
