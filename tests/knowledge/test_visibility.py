"""Training material is for signed-in staff; an editor can make a page public; the page never
shows which case it came from."""

import pytest

from django.urls import reverse

from wagtail.models import PageViewRestriction

from backoffice.training import case_study_source
from knowledge.drafting import draft_case_study
from knowledge.models import CaseStudyPage, KnowledgeIndexPage

pytestmark = pytest.mark.django_db


def test_anonymous_visitors_are_sent_to_the_login(library, client):
    study = CaseStudyPage.objects.live().child_of(library).first()
    for url in (library.url, study.url):
        response = client.get(url)
        assert response.status_code == 302
        assert "login" in response["Location"] and "next=" in response["Location"]


def test_signed_in_staff_read_the_library_and_its_pages(library, signed_in):
    client = signed_in("oversight")
    html = client.get(library.url).content.decode()
    assert "电饭煲" in html and "服务用语库" in html  # a case study and the phrase library
    for page in library.get_children().live().specific():
        assert client.get(page.url).status_code == 200, page.title


def test_an_editor_makes_a_library_public_with_wagtails_privacy_control(library, signed_in, client):
    english = KnowledgeIndexPage.objects.get(locale__language_code="en")
    manager = signed_in("manager")
    response = manager.post(
        reverse("wagtailadmin_pages:set_privacy", args=[english.pk]),
        {"restriction_type": "none"},
    )
    assert response.status_code == 200  # the modal's JSON answer
    assert not PageViewRestriction.objects.filter(page=english).exists()
    client.logout()

    # Outside the restriction: public.
    public_study = CaseStudyPage.objects.live().child_of(english).first()
    assert client.get(english.url).status_code == 200
    assert client.get(public_study.url).status_code == 200
    # Still under it: the login.
    private_study = CaseStudyPage.objects.live().child_of(library).first()
    assert client.get(private_study.url).status_code == 302


def test_a_trainer_cannot_lift_the_restriction(library, signed_in):
    response = signed_in("trainer").post(
        reverse("wagtailadmin_pages:set_privacy", args=[library.pk]),
        {"restriction_type": "none"},
    )
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    assert PageViewRestriction.objects.filter(page=library).exists()


def test_the_page_never_shows_its_source_case(submit, close_case, staff, library, signed_in):
    case = close_case(submit())
    page = draft_case_study(source=case_study_source(case, staff["trainer"]), user=staff["trainer"])
    page.save_revision(user=staff["manager"]).publish(user=staff["manager"])
    html = signed_in("manager").get(page.url).content.decode()
    assert page.title in html
    assert case.reference not in html
    assert reverse("cases:inspect", args=[case.pk]) not in html


def test_the_admin_menu_leads_to_the_library_in_the_users_language(library, signed_in):
    response = signed_in("trainer").get(reverse("knowledge_library"))
    assert response.status_code == 302 and response["Location"] == library.url


def test_the_sign_in_page_uses_the_site_layout(library, client):
    response = client.get(library.url, follow=True)
    html = response.content.decode()
    assert 'class="site-header"' in html and 'name="next"' in html
    assert library.url in html  # back to the library after signing in
