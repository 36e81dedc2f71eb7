"""The demo operator's NPS survey: invitations over the last 12 months, about 40 % answered on the link or on a
call, some answers imported, and NPS near +20 with detractors more frequent among subscribers who had tickets or
later left. Detractors are put on the follow-up work list, as live answers would be."""

from __future__ import annotations

import datetime as dt
import random

from django.apps import apps
from django.db import transaction
from django.utils import timezone

from abonent.subscribers.models import Subscriber

from .actions import follow_up_detractor
from .choices import NpsCategory
from .models import Invitation, Question, Response, Survey, new_token

ORDER = 80
INVITATIONS_AT_20000 = 1500
ANSWER_SHARE = 0.4
IMPORTED_SHARE = 0.1  # answers collected by an external SMS tool and imported, beside the invitations

# (promoter, passive, detractor) shares: most subscribers, and those with tickets or who later left
CONTENT = (0.52, 0.30, 0.18)
UNHAPPY = (0.22, 0.28, 0.50)
DETRACTOR_COMMENTS = [
    "Часто пропадает интернет по вечерам",
    "Долго не могли дозвониться в поддержку",
    "Дорого по сравнению с другими провайдерами",
    "Мастер пришёл только на третий день",
    "Скорость ниже заявленной",
    "Плохо показывают каналы, рябь на экране",
    "Навязали лишнюю услугу",
    "",
]
PROMOTER_COMMENTS = ["Всё устраивает", "Быстро помогли с настройкой роутера", "Стабильный интернет", "", "", ""]
PASSIVE_COMMENTS = ["В целом нормально", "Иногда бывают сбои", "", ""]


def _score(rng: random.Random, shares: tuple[float, float, float]) -> int:
    draw = rng.random()
    if draw < shares[0]:
        return rng.choice([9, 10, 10])
    if draw < shares[0] + shares[1]:
        return rng.choice([7, 8])
    return rng.choice([0, 2, 3, 4, 5, 5, 6, 6, 6])


def _comment(rng: random.Random, score: int) -> str:
    category = NpsCategory.of(score)
    pool = {
        NpsCategory.PROMOTER: PROMOTER_COMMENTS,
        NpsCategory.PASSIVE: PASSIVE_COMMENTS,
        NpsCategory.DETRACTOR: DETRACTOR_COMMENTS,
    }[category]
    return rng.choice(pool)


def _ticket_holders() -> set[int]:
    try:
        Ticket = apps.get_model("tickets", "Ticket")
    except LookupError:
        return set()
    return set(Ticket.objects.values_list("subscriber_id", flat=True).distinct())


def load(ctx) -> dict[str, int]:

    rng = random.Random(ctx.seed * 1000 + ORDER)
    today = ctx.today
    start = today - dt.timedelta(days=365)
    survey = Survey.objects.create(
        name="NPS — лояльность абонентов",
        intro="Ответ займёт меньше минуты. Спасибо, что помогаете нам стать лучше!",
        starts_on=start,
    )
    Question.objects.create(survey=survey, order=1, text="Что нам стоит улучшить в первую очередь?", kind="text")
    Question.objects.create(
        survey=survey,
        order=2,
        text="Как вы оцениваете скорость и стабильность связи?",
        kind="choice",
        options="Отлично\nНормально\nБывают сбои\nПлохо",
    )
    Question.objects.create(survey=survey, order=3, text="Оцените работу службы поддержки", kind="scale")

    people = list(Subscriber.objects.values_list("pk", "connected_on", "disconnected_on"))
    if not people:
        return {}
    unhappy_ids = _ticket_holders()
    count = max(20, round(INVITATIONS_AT_20000 * ctx.size / 20000))
    tz = timezone.get_current_timezone()
    agent = ctx.users.get("agent")
    invitations: list[Invitation] = []
    planned: list[tuple[Invitation, dt.datetime, str]] = []
    used: set[tuple[int, dt.date]] = set()
    for _ in range(count):
        day = start + dt.timedelta(days=rng.randrange(0, 365))
        for _attempt in range(30):
            pk, connected, gone = rng.choice(people)
            if connected <= day and (gone is None or gone > day) and (pk, day) not in used:
                break
        else:
            continue
        used.add((pk, day))
        sent = dt.datetime.combine(day, dt.time(10 + rng.randrange(0, 8), rng.randrange(0, 60)), tzinfo=tz)
        invitation = Invitation(
            survey=survey,
            subscriber_id=pk,
            token=new_token(),
            channel=rng.choice(["sms", "sms", "sms", "email", "call"]),
            created_at=sent,
            created_by=ctx.users.get("head"),
            sent_at=sent,
            expires_on=day + dt.timedelta(days=30),
        )
        invitations.append(invitation)
        if rng.random() < ANSWER_SHARE:
            answered = sent + dt.timedelta(hours=rng.randrange(1, 72))
            if answered.date() <= today and (gone is None or answered.date() < gone):
                channel = "call" if invitation.channel == "call" or rng.random() < 0.25 else "link"
                planned.append((invitation, answered, channel))

    with transaction.atomic():
        Invitation.objects.bulk_create(invitations, batch_size=1000)
        gone_by = {pk: gone for pk, _c, gone in people}
        responses = []
        for invitation, answered, channel in planned:
            pk = invitation.subscriber_id
            later_left = gone_by[pk] is not None and gone_by[pk] > answered.date()
            score = _score(rng, UNHAPPY if (pk in unhappy_ids or later_left) else CONTENT)
            invitation.answered_at = answered
            responses.append(
                Response(
                    survey=survey,
                    subscriber_id=pk,
                    invitation=invitation,
                    score=score,
                    comment=_comment(rng, score),
                    channel=channel,
                    answered_by=agent if channel == "call" else None,
                    answered_at=answered,
                )
            )
        for _ in range(round(count * IMPORTED_SHARE)):
            pk, connected, gone = rng.choice(people)
            day = start + dt.timedelta(days=rng.randrange(0, 365))
            if connected > day or (gone is not None and gone <= day):
                continue
            account_key = f"{pk}|{day.isoformat()}"
            if any(r.import_key == account_key for r in responses[-50:]):
                continue
            score = _score(rng, UNHAPPY if (pk in unhappy_ids or gone is not None) else CONTENT)
            responses.append(
                Response(
                    survey=survey,
                    subscriber_id=pk,
                    score=score,
                    comment=_comment(rng, score),
                    channel="import",
                    answered_at=dt.datetime.combine(day, dt.time(12), tzinfo=tz),
                    import_key=account_key,
                )
            )
        Invitation.objects.bulk_update([i for i, _a, _c in planned], ["answered_at"], batch_size=1000)
        Response.objects.bulk_create(responses, batch_size=1000)
        work_items = 0
        # Only recent detractors still get a call: an answer from last spring is history, not a task.
        recent = today - dt.timedelta(days=60)
        for response in Response.objects.filter(survey=survey, score__lte=6).select_related("subscriber"):
            if (
                timezone.localtime(response.answered_at).date() >= recent
                and response.subscriber.disconnected_on is None
            ):
                if follow_up_detractor(response, user=response.answered_by) is not None:
                    work_items += 1
    return {"survey invitations": len(invitations), "survey answers": len(responses), "detractor tasks": work_items}


def operator_models() -> list:
    return [
        Response,
        Invitation,
        Question.history.model,
        Question,
        Survey.history.model,
        Survey,
    ]
