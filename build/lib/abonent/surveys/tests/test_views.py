import datetime as dt

import pytest
from django.urls import reverse

from abonent.core.testing import check_register_views
from abonent.surveys import actions
from abonent.surveys.models import Invitation, Question, Response
from abonent.worklists.models import WorkItem

from .conftest import at


@pytest.fixture
def invitation(survey, make_subscriber) -> Invitation:
    [invitation] = actions.create_invitations(survey, [make_subscriber("55501")], channel="sms")
    return invitation


def public(invitation):
    return reverse("surveys:public_answer", args=[invitation.token])


def test_public_link_answers_once_without_login(client, invitation, survey):
    page = client.get(public(invitation))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Насколько вероятно, что вы порекомендуете нас друзьям?" in text
    assert 'name="viewport"' in text
    assert "Отправить" in text  # the page is Russian whatever the UI language
    questions = {q.order: q for q in Question.objects.all()}
    response = client.post(
        public(invitation),
        {"score": "4", "comment": "Долго чинили", f"q_{questions[2].pk}": "Не устраивает", f"q_{questions[3].pk}": "2"},
    )
    assert response.status_code == 200
    assert "Спасибо" in response.content.decode()
    answer = Response.objects.get()
    assert (answer.score, answer.channel, answer.answered_by, answer.invitation) == (4, "link", None, invitation)
    assert answer.answers == [
        {"question": questions[2].pk, "text": "Скорость", "answer": "Не устраивает"},
        {"question": questions[3].pk, "text": "Оцените поддержку", "answer": 2},
    ]
    assert WorkItem.objects.get().work_list == "detractor"
    # Second visit and a second post: "already answered", nothing recorded
    again = client.get(public(invitation))
    assert "уже ответили" in again.content.decode()
    client.post(public(invitation), {"score": "10"})
    assert Response.objects.count() == 1


def test_public_link_validation(client, invitation):
    for bad in ("11", "-1", "abc", ""):
        response = client.post(public(invitation), {"score": bad})
        assert response.status_code == 400, bad
    assert not Response.objects.exists()


def test_unknown_and_expired_tokens(client, invitation):
    assert client.get(reverse("surveys:public_answer", args=["nope" * 5])).status_code == 404
    invitation.expires_on = dt.date(2020, 1, 1)
    invitation.save()
    response = client.get(public(invitation))
    assert response.status_code == 410
    assert "закрыт" in response.content.decode()


def test_public_link_is_csrf_protected(invitation):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    assert strict.post(public(invitation), {"score": "9"}).status_code == 403
    page = strict.get(public(invitation))
    token = page.cookies["csrftoken"].value
    assert strict.post(public(invitation), {"score": "9", "csrfmiddlewaretoken": token}).status_code == 200
    assert Response.objects.get().score == 9


def test_public_link_rate_limit(client, invitation, settings):
    from django.core.cache import caches

    cache = caches["ratelimit"]  # the counters moved from the default cache to the shared one
    cache.clear()
    for _ in range(30):
        client.get(reverse("surveys:public_answer", args=["x" * 22]))
    assert client.get(reverse("surveys:public_answer", args=["y" * 22])).status_code == 429
    cache.clear()


PROXY = {"REMOTE_ADDR": "10.0.0.2"}  # nginx: every request arrives from it


@pytest.fixture
def behind_proxy(settings):
    """The documented layout: one reverse proxy that appends the client's address to X-Forwarded-For."""
    settings.TRUSTED_PROXY_COUNT = 1
    settings.CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"


def test_behind_the_proxy_each_subscriber_has_their_own_limit(client, survey, make_subscriber, behind_proxy):
    """25 subscribers answer through the same proxy, each from their own address: every answer is taken (the limit
    of 20 answers an address used to count the proxy's address for all of them). A flood from one address is still
    refused, and a forged X-Forwarded-For entry left of the proxy's does not make it someone else."""
    subscribers = [make_subscriber(f"556{n:02d}") for n in range(25)]
    invitations = actions.create_invitations(survey, subscribers, channel="sms")
    codes = [
        client.post(public(inv), {"score": "9"}, HTTP_X_FORWARDED_FOR=f"203.0.113.{n}", **PROXY).status_code
        for n, inv in enumerate(invitations)
    ]
    assert codes == [200] * 25 and Response.objects.count() == 25
    unknown = reverse("surveys:public_answer", args=["x" * 22])
    flood = [client.get(unknown, HTTP_X_FORWARDED_FOR="198.51.100.7", **PROXY).status_code for _ in range(31)]
    assert flood == [404] * 30 + [429]
    assert client.get(unknown, HTTP_X_FORWARDED_FOR="203.0.113.99, 198.51.100.7", **PROXY).status_code == 429
    assert client.get(unknown, HTTP_X_FORWARDED_FOR="203.0.113.1", **PROXY).status_code == 404


def test_without_a_trusted_proxy_forwarded_for_is_ignored(client, db, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    unknown = reverse("surveys:public_answer", args=["x" * 22])
    codes = [client.get(unknown, HTTP_X_FORWARDED_FOR=f"198.51.100.{i}").status_code for i in range(31)]
    assert codes == [404] * 30 + [429]  # a new forwarded address each time did not reset the count


def test_one_invitation_takes_ten_posts_from_any_number_of_addresses(client, invitation, behind_proxy):
    """Posting one link from rotating addresses is limited by the token: the 11th post is refused."""
    codes = [
        client.post(public(invitation), {"score": "abc"}, HTTP_X_FORWARDED_FOR=f"198.51.100.{i}", **PROXY).status_code
        for i in range(11)
    ]
    assert codes == [400] * 10 + [429]
    assert not Response.objects.exists()


def test_rate_limit_counters_are_in_the_shared_cache(client, invitation, behind_proxy):
    """The counters are in the "ratelimit" cache (Redis or the database table), which every process reads."""
    from django.core.cache import caches

    client.get(reverse("surveys:public_answer", args=["x" * 22]), HTTP_X_FORWARDED_FOR="198.51.100.7", **PROXY)
    assert caches["ratelimit"].get("surveys:rate:miss:198.51.100.7") == 1


def test_staff_answer_from_subscriber_card(client_for, survey, make_subscriber):
    sub = make_subscriber()
    client = client_for("call_centre_agent")
    card = client.get(sub.get_absolute_url())
    assert "Record an answer" in card.content.decode()
    url = reverse("surveys:response_add") + f"?subscriber={sub.pk}"
    assert client.get(url).status_code == 200
    response = client.post(url, {"score": "10", "comment": "Всё отлично"})
    assert response.status_code == 302
    answer = Response.objects.get()
    assert (answer.score, answer.channel, answer.answered_by) == (10, "call", client.user)
    card = client.get(sub.get_absolute_url()).content.decode()
    assert "Promoter" in card


def test_staff_answer_on_invitation(client_for, invitation):
    client = client_for("call_centre_agent")
    response = client.post(reverse("surveys:invitation_answer", args=[invitation.pk]), {"score": "7"})
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.response.channel == "call"
    again = client.post(reverse("surveys:invitation_answer", args=[invitation.pk]), {"score": "7"})
    assert again.status_code == 200 and "already been answered" in again.content.decode()


def test_analyst_cannot_record_answers(client_for, survey, make_subscriber):
    sub = make_subscriber()
    client = client_for("analyst")
    assert client.post(reverse("surveys:response_add") + f"?subscriber={sub.pk}", {"score": "9"}).status_code == 403


def test_invitation_batch_and_links_csv(client_for, survey, make_subscriber):
    for _ in range(5):
        make_subscriber()
    make_subscriber(status="disconnected", disconnected_on=dt.date(2025, 1, 1))
    client = client_for("head_of_retention")
    response = client.post(
        reverse("surveys:invitation_batch"), {"survey": survey.pk, "sample": "3", "channel": "sms", "valid_days": "30"}
    )
    assert response.status_code == 302
    assert Invitation.objects.count() == 3
    export = client.get(reverse("surveys:invitation_list"), {"survey": survey.pk, "export": "links"})
    lines = export.content.decode("utf-8-sig").strip().splitlines()
    assert lines[0] == "account;name;phone;link;valid_until;survey"
    assert len(lines) == 4
    assert "http://testserver/surveys/r/" in lines[1]
    assert ";79123456789;" in lines[1]


def test_nps_page(client_for, survey, make_subscriber):
    actions.record_response(survey, make_subscriber(), score=9, channel="call", answered_at=at("2026-01-10"))
    client = client_for("analyst")
    page = client.get(reverse("surveys:nps"), {"start": "2026-01-01", "end": "2026-03-31", "dimension": "tariff"})
    text = page.content.decode()
    assert page.status_code == 200
    assert 'id="nps-overall">+100<' in text
    assert "No churn-risk scores yet" in text
    empty = client.get(reverse("surveys:nps"), {"start": "2025-01-01", "end": "2025-03-31"}).content.decode()
    assert 'id="nps-overall">—<' in empty
    assert client_for("call_centre_agent").get(reverse("surveys:nps")).status_code == 403


def test_registers(client_for, survey, invitation):
    response = actions.record_response(survey, invitation.subscriber, score=3, channel="call")
    check_register_views(client_for, survey, viewer="analyst", outsider="debt_agent")
    check_register_views(client_for, Question.objects.first(), viewer="analyst", outsider="debt_agent")
    check_register_views(client_for, invitation, viewer="analyst", outsider="debt_agent")
    rows = check_register_views(client_for, response, viewer="analyst", outsider="debt_agent")
    assert "Detractor" in rows[1]


def test_head_edits_survey(client_for):
    client = client_for("head_of_retention")
    response = client.post(
        reverse("surveys:survey_add"),
        {
            "name": "Опрос",
            "nps_question": "Порекомендуете?",
            "starts_on": "2026-01-01",
            "ends_on": "2025-01-01",
            "is_active": "on",
        },
    )
    assert response.status_code == 200  # ends before it starts
    assert "ends before it starts" in response.content.decode()


def test_dashboard_panel(client_for, survey, make_subscriber):
    from django.utils import timezone

    actions.record_response(survey, make_subscriber(), score=3, channel="call", answered_at=timezone.now())
    actions.record_response(survey, make_subscriber(), score=10, channel="call", answered_at=timezone.now())
    page = client_for("head_of_retention").get(reverse("analytics:dashboard")).content.decode()
    # One promoter, one detractor → 0; the detractor waits for a call
    assert '<span class="fs-3 fw-semibold" data-nps>0</span>' in page
    assert '?work_list=detractor">1</a>' in page


def test_nps_xlsx(client_for, survey, make_subscriber):
    from abonent.core.testing import xlsx_rows

    actions.record_response(survey, make_subscriber(), score=9, channel="call", answered_at=at("2026-01-10"))
    actions.record_response(survey, make_subscriber(), score=6, channel="call", answered_at=at("2026-01-11"))
    response = client_for("analyst").get(
        reverse("surveys:nps"), {"start": "2026-01-01", "end": "2026-02-28", "export": "xlsx"}
    )
    rows = xlsx_rows(response)
    assert rows[0][:6] == ["Group", "Answers", "Promoters", "Passives", "Detractors", "NPS"]
    assert rows[1][:6] == ["All answers", 2, 1, 0, 1, 0]
