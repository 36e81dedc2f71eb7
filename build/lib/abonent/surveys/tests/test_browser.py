"""In a real browser on a phone-sized screen: the subscriber answers on the public link, once."""

import pytest

from abonent.surveys import actions
from abonent.surveys.models import Response


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_subscriber_answers_on_a_phone(page, survey, make_subscriber):
    [invitation] = actions.create_invitations(survey, [make_subscriber("600001")], channel="sms")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{page.base_url}/surveys/r/{invitation.token}/")
    assert "Насколько вероятно" in page.inner_text("h1 + p, fieldset legend")
    # The eleven score buttons fit the screen: no horizontal scrolling on a phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.click("label[for=id_score_9]")  # score 9
    page.fill("textarea[name=comment]", "Всё хорошо")
    page.click("button[type=submit]")
    page.wait_for_selector("text=Спасибо за ответ!")
    answer = Response.objects.get()
    assert (answer.score, answer.channel, answer.comment) == (9, "link", "Всё хорошо")
    page.goto(f"{page.base_url}/surveys/r/{invitation.token}/")
    assert "Вы уже ответили" in page.inner_text("h1")
