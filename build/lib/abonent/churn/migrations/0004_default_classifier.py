"""The default churn reason classifier, its norms and one script per reason group (seed 001, 2.1 and 4.6).

The norms are a starting template from the method, not the operator's own figures: every reason is shipped with
norm_source="template" until the head edits it or applies a proposal from the operator's history.
Existing rows (matched by code) are left as they are, so re-running never overwrites an operator's edits.
"""

from decimal import Decimal

from django.db import migrations
from django.utils import timezone

GROUPS = [
    # code, order, managed, Russian name, English name
    ("unmanaged", 1, False, "Неуправляемый отток", "Unmanaged churn"),
    ("not_decision_maker", 2, True, "Лицо, не принимающее решение", "Not the decision maker"),
    ("moving_uncovered", 3, True, "Переезд в зону охвата сети без подключения",
     "Moving to a covered area without a connection"),
    ("service", 4, True, "Обслуживание и качество сервиса", "Customer service"),
    ("quality", 5, True, "Качество услуги", "Quality of the service"),
    ("financial", 6, True, "Временные финансовые сложности", "Temporary financial difficulties"),
    ("preferences", 7, True, "Изменились предпочтения", "Preferences changed"),
    ("other", 8, True, "Другое", "Other"),
]

REASONS = [
    # code, group, managed, norm %, Russian name, English name
    ("moved_out_of_coverage", "unmanaged", False, 15, "Переезд за пределы зоны охвата сети",
     "Moved out of the coverage area"),
    ("business_closed", "unmanaged", False, 3, "Закрытие бизнеса (юрлица)", "Business closed"),
    ("death", "unmanaged", False, 2, "Смерть абонента", "Death of the subscriber"),
    ("not_decision_maker", "not_decision_maker", True, 3, "Обратившийся не принимает решение",
     "The caller is not the decision maker"),
    ("moving_to_unconnected_building", "moving_uncovered", True, 7,
     "Переезд в дом в зоне охвата, ещё не подключённый", "Moving to a covered building not yet connected"),
    ("could_not_get_through", "service", True, 3, "Не смог дозвониться", "Could not get through"),
    ("slow_repair", "service", True, 3, "Долгое устранение неисправности", "Slow repair"),
    ("rude_staff", "service", True, 1, "Грубость или некомпетентность сотрудников", "Rude or incompetent staff"),
    ("low_speed", "quality", True, 6, "Низкая скорость интернета", "Low internet speed"),
    ("outages", "quality", True, 3, "Частые перебои связи", "Frequent outages"),
    ("tv_picture", "quality", True, 2, "Плохое качество изображения ТВ", "Poor TV picture"),
    ("temporary_money_trouble", "financial", True, 10, "Временные финансовые трудности",
     "Temporary money trouble"),
    ("competitor", "preferences", True, 18, "Переход к конкуренту", "Went to a competitor"),
    ("mobile_internet", "preferences", True, 8, "Переход на мобильный интернет", "Switched to mobile internet"),
    ("price", "preferences", True, 6, "Высокая цена", "Price too high"),
    ("no_longer_needed", "preferences", True, 4, "Услуга больше не нужна", "Service no longer needed"),
    ("temporary_absence", "other", True, 4, "Временный отъезд", "Temporary absence"),
    ("other", "other", True, 2, "Другое", "Other"),
]

SCRIPTS = {
    "unmanaged": (
        "Речевой модуль: неуправляемый отток",
        "Script: unmanaged churn",
        """\
1. Приветствие: «Добрый день! Служба удержания, меня зовут <имя>. Чем могу помочь?»
2. Уточните лицевой счёт и ФИО владельца договора.
3. Спросите причину: «Подскажите, пожалуйста, почему вы решили отключиться?»
4. Переезд: спросите новый адрес и проверьте его по карте покрытия.
   Если адрес в зоне охвата — это не неуправляемый отток: предложите переоформить договор на новый адрес.
5. Закрытие бизнеса: уточните, будет ли новая компания или другой адрес, где нужна связь.
6. Смерть абонента: выразите соболезнования; предложите переоформить договор на члена семьи
   без платы за подключение и с сохранением условий.
7. Если вернуть нельзя — не уговаривайте. Объясните порядок отключения:
   заявление на отключение, возврат оборудования, возврат авансовых средств.
8. Назовите дату отключения и сумму к расчёту или к возврату.
9. Запишите причину словами абонента.
10. Завершение: «Спасибо, что были с нами. Если снова окажетесь в зоне нашей сети —
    будем рады подключить вас на специальных условиях. Всего доброго!»""",
        """\
1. Greeting: "Good afternoon! Retention service, my name is <name>. How can I help?"
2. Confirm the account number and the name of the contract holder.
3. Ask the reason: "Could you tell me why you have decided to disconnect?"
4. Moving: ask for the new address and check it on the coverage map.
   If the address is covered, this is not unmanaged churn: offer to move the contract there.
5. Business closed: ask whether there is a new company or another address that needs a connection.
6. Death of the subscriber: offer condolences; offer to transfer the contract to a family member
   with no connection fee and the same terms.
7. If the subscriber cannot stay, do not persuade. Explain the steps:
   disconnection request, return of equipment, refund of any advance payment.
8. Name the disconnection date and the amount to settle or to refund.
9. Record the reason in the subscriber's own words.
10. Closing: "Thank you for being with us. If you are ever back in our network area,
    we will be glad to connect you on special terms. Goodbye!\"""",
    ),
    "not_decision_maker": (
        "Речевой модуль: лицо, не принимающее решение",
        "Script: not the decision maker",
        """\
1. Приветствие: «Добрый день! Служба удержания, меня зовут <имя>.»
2. Уточните лицевой счёт и спросите: «Договор оформлен на вас?»
3. Если нет — узнайте, кто владелец договора и кем ему приходится обратившийся.
4. Спросите: «Почему было принято решение отключиться? Кто его принимал?»
5. Объясните: заявление на отключение подписывает владелец договора
   (или представитель по доверенности), поэтому нужна беседа с ним.
6. Узнайте удобное время и телефон владельца договора, запишите перезвон.
7. Спросите, что важно владельцу: цена, скорость, каналы ТВ, обслуживание.
8. Предложите передать владельцу наши условия: смену тарифа, годовой контракт,
   временную блокировку вместо расторжения.
9. Пригласите владельца в офис или договоритесь о звонке в удобное время.
10. Запишите в заявке, с кем говорили, и истинную причину, если её удалось узнать.
11. Завершение: «Спасибо! Мы свяжемся с <владелец> <дата, время>. Всего доброго!»""",
        """\
1. Greeting: "Good afternoon! Retention service, my name is <name>."
2. Confirm the account number and ask: "Is the contract in your name?"
3. If not, find out who holds the contract and how the caller is related to them.
4. Ask: "Why was the decision to disconnect taken, and who took it?"
5. Explain that the disconnection request is signed by the contract holder
   (or a representative with a power of attorney), so we need to talk to them.
6. Ask for a convenient time and the holder's phone number; schedule a callback.
7. Ask what matters to the holder: price, speed, TV channels, service.
8. Offer to pass our terms to the holder: a tariff change, an annual contract,
   a temporary suspension instead of termination.
9. Invite the holder to the office, or agree a call at a convenient time.
10. Note in the request whom you spoke to, and the real reason if you learned it.
11. Closing: "Thank you! We will contact <holder> on <date, time>. Goodbye!\"""",
    ),
    "moving_uncovered": (
        "Речевой модуль: переезд в зону охвата без подключения",
        "Script: moving to a covered area without a connection",
        """\
1. Приветствие: «Добрый день! Служба удержания, меня зовут <имя>.»
2. Уточните лицевой счёт и ФИО владельца договора.
3. Спросите: «Куда вы переезжаете и когда?» Проверьте новый адрес по карте покрытия.
4. Если дом в зоне охвата, но не подключён — скажите, что подключение дома возможно,
   и оформите заявку на подключение дома с вашим адресом.
5. Предложите переоформить договор на новый адрес: сохраняется стаж абонента,
   бонусы и условия, подключение на новом адресе — без платы.
6. До подключения дома предложите временную блокировку услуг вместо расторжения:
   договор сохраняется, абонентская плата не начисляется.
7. Спросите, останется ли кто-то по старому адресу (родственники, новые жильцы) —
   предложите переоформить услугу на них.
8. Назовите срок подключения нового дома и как вы сообщите о готовности.
9. Оформите заявление на переоформление договора на другой адрес.
10. Завершение: «Мы сообщим вам, как только дом будет подключён. Спасибо, что остаётесь с нами!»""",
        """\
1. Greeting: "Good afternoon! Retention service, my name is <name>."
2. Confirm the account number and the name of the contract holder.
3. Ask: "Where are you moving, and when?" Check the new address on the coverage map.
4. If the building is in the coverage area but not connected, say it can be connected
   and file a building connection request with the subscriber's address.
5. Offer to move the contract to the new address: tenure, bonuses and terms are kept,
   and the connection at the new address is free.
6. Until the building is connected, offer a temporary suspension instead of termination:
   the contract is kept and no monthly fee is charged.
7. Ask whether someone stays at the old address (relatives, new tenants),
   and offer to transfer the service to them.
8. Give the expected connection date for the new building and how we will let them know.
9. Fill in the request to move the contract to another address.
10. Closing: "We will let you know as soon as the building is connected. Thank you for staying with us!\"""",
    ),
    "service": (
        "Речевой модуль: обслуживание и качество сервиса",
        "Script: customer service",
        """\
1. Приветствие: «Добрый день! Служба удержания, меня зовут <имя>.»
2. Уточните лицевой счёт и ФИО владельца договора.
3. Спросите: «Что случилось? Когда и с кем вы общались?»
4. Выслушайте, не перебивая. Извинитесь от имени компании: «Мне очень жаль, что так вышло.»
5. Не дозвонились: дайте прямой номер службы удержания и предложите приоритетный перезвон.
6. Долгий ремонт: проверьте заявку, переведите её в срочные, назовите срок и ответственного.
7. Грубость или некомпетентность: зарегистрируйте претензию; руководитель перезвонит
   в течение рабочего дня.
8. Предложите перерасчёт абонентской платы за дни без услуги или за неудобства.
9. Спросите: «Если мы это исправим, вы останетесь с нами?»
10. Договоритесь о контрольном звонке после устранения проблемы.
11. Завершение: «Спасибо, что сообщили нам. Я лично прослежу за вашей заявкой.»""",
        """\
1. Greeting: "Good afternoon! Retention service, my name is <name>."
2. Confirm the account number and the name of the contract holder.
3. Ask: "What happened? When, and whom did you talk to?"
4. Listen without interrupting. Apologise for the company: "I am very sorry this happened."
5. Could not get through: give the retention service's direct number and offer a priority callback.
6. Slow repair: check the ticket, make it urgent, name the deadline and the person responsible.
7. Rude or incompetent staff: register a claim; the head of the department calls back
   within a working day.
8. Offer a recalculation of the monthly fee for the days without service or for the trouble.
9. Ask: "If we put this right, will you stay with us?"
10. Agree a follow-up call after the problem is fixed.
11. Closing: "Thank you for telling us. I will follow your request myself.\"""",
    ),
    "quality": (
        "Речевой модуль: качество услуги",
        "Script: quality of the service",
        """\
1. Приветствие: «Добрый день! Служба удержания, меня зовут <имя>.»
2. Уточните лицевой счёт и ФИО владельца договора.
3. Спросите: «Какой услугой вы недовольны: интернет или телевидение?»
4. Уточните: с какого времени, как часто, в какое время суток бывает проблема.
5. Интернет: как подключён компьютер (кабель или Wi-Fi), какую скорость показывает проверка.
6. ТВ: какие каналы, какое изображение (рябь, нет сигнала), какой приёмник.
7. Проведите проверку скорости вместе с абонентом или удалённую диагностику линии.
8. Предложите срочную заявку на ремонт с выездом мастера бесплатно; назовите срок.
9. Предложите перерасчёт за время перебоев.
10. Если причина в тарифе или оборудовании — предложите тариф с большей скоростью
    или замену роутера/приставки.
11. Договоритесь о контрольном звонке после ремонта и снова проверьте скорость.
12. Завершение: «Мы устраним неисправность до <дата>. Я перезвоню вам, чтобы убедиться, что всё работает.»""",
        """\
1. Greeting: "Good afternoon! Retention service, my name is <name>."
2. Confirm the account number and the name of the contract holder.
3. Ask: "Which service are you unhappy with: internet or TV?"
4. Ask since when, how often, and at what time of day the problem happens.
5. Internet: how the computer is connected (cable or Wi-Fi) and what a speed test shows.
6. TV: which channels, what the picture looks like (noise, no signal), which receiver.
7. Run a speed check with the subscriber, or a remote diagnosis of the line.
8. Offer an urgent repair ticket with a free technician visit; name the deadline.
9. Offer a recalculation for the time of the outages.
10. If the tariff or the equipment is the cause, offer a faster tariff
    or a replacement router or set-top box.
11. Agree a follow-up call after the repair and check the speed again.
12. Closing: "We will fix it by <date>. I will call you back to make sure everything works.\"""",
    ),
    "financial": (
        "Речевой модуль: временные финансовые сложности",
        "Script: temporary financial difficulties",
        """\
1. Приветствие: «Добрый день! Служба удержания, меня зовут <имя>.»
2. Уточните лицевой счёт и ФИО владельца договора.
3. Спросите деликатно: «Подскажите, почему вы решили отказаться от услуги?»
4. Если дело в деньгах — спросите: «Это временно? Как долго, по-вашему, это продлится?»
5. Предложите временную блокировку вместо расторжения: договор и номер счёта сохраняются,
   абонентская плата не начисляется, повторное подключение — без платы.
6. Назовите срок блокировки и как её снять: звонком или заявлением на возобновление.
7. Если нужна связь сейчас — предложите более дешёвый тариф или отсрочку платежа
   (обещанный платёж).
8. Если есть долг — предложите график погашения вместо отключения.
9. Оформите заявление на временное приостановление услуг.
10. Завершение: «Мы сохраним ваш договор. Когда будете готовы — просто позвоните нам.»""",
        """\
1. Greeting: "Good afternoon! Retention service, my name is <name>."
2. Confirm the account number and the name of the contract holder.
3. Ask gently: "Could you tell me why you have decided to give up the service?"
4. If it is money, ask: "Is this temporary? How long do you think it will last?"
5. Offer a temporary suspension instead of termination: the contract and account are kept,
   no monthly fee is charged, and reactivation is free.
6. Name the suspension period and how to end it: a call or a request to resume.
7. If the subscriber needs the service now, offer a cheaper tariff or a deferred payment
   (promise to pay).
8. If there is a debt, offer a repayment schedule instead of disconnection.
9. Fill in the request for a temporary suspension of services.
10. Closing: "We will keep your contract. When you are ready, just call us.\"""",
    ),
    "preferences": (
        "Речевой модуль: изменились предпочтения",
        "Script: preferences changed",
        """\
1. Приветствие: «Добрый день! Служба удержания, меня зовут <имя>.»
2. Уточните лицевой счёт и ФИО владельца договора.
3. Спросите: «Почему вы решили отказаться? Что для вас сейчас важнее всего?»
4. Конкурент: «Какой оператор и какие условия вам предложили?» Запишите цену и скорость.
5. Мобильный интернет: спросите, сколько трафика уходит и хватает ли скорости дома.
6. Цена: назовите, сколько абонент платит сейчас и за что.
7. Предложите смену тарифа, подходящего по цене и скорости.
8. Предложите годовой контракт с выгодой: бесплатный период, гарантия неизменной абонентской платы,
   увеличение скорости или бесплатная аренда оборудования.
9. Предложите бонусную карту или пакет «Интернет + ТВ».
10. Сравните условия вслух: цену за год, скорость, подключение, поддержку.
11. Если абонент думает — договоритесь о звонке в конкретный день.
12. Завершение: «Спасибо, что дали нам шанс. Новые условия начнут действовать с <дата>.»""",
        """\
1. Greeting: "Good afternoon! Retention service, my name is <name>."
2. Confirm the account number and the name of the contract holder.
3. Ask: "Why have you decided to leave? What matters most to you now?"
4. Competitor: "Which operator, and what terms did they offer?" Note the price and speed.
5. Mobile internet: ask how much traffic they use and whether the speed is enough at home.
6. Price: say how much the subscriber pays now and what for.
7. Offer a tariff change that fits their price and speed.
8. Offer an annual contract with a benefit: a free period, a guaranteed monthly fee,
   a speed increase, or free equipment rental.
9. Offer a bonus card or an "Internet + TV" bundle.
10. Compare the terms aloud: price for a year, speed, connection, support.
11. If the subscriber wants to think, agree a call on a specific day.
12. Closing: "Thank you for giving us a chance. The new terms start on <date>.\"""",
    ),
    "other": (
        "Речевой модуль: другое",
        "Script: other",
        """\
1. Приветствие: «Добрый день! Служба удержания, меня зовут <имя>.»
2. Уточните лицевой счёт и ФИО владельца договора.
3. Задайте открытый вопрос: «Расскажите, пожалуйста, что стало причиной решения?»
4. Выслушайте и проверьте, не подходит ли причина к другой группе классификатора;
   если подходит — выберите её и работайте по её речевому модулю.
5. Временный отъезд: предложите временную блокировку на время отсутствия вместо расторжения;
   договор сохраняется, плата не начисляется.
6. Спросите: «Что мы могли бы сделать, чтобы вы остались?»
7. Предложите подходящее мероприятие: смену тарифа, перерасчёт, годовой контракт.
8. Запишите причину словами абонента — она нужна для пересмотра классификатора.
9. Если решение за руководителем — передайте заявку менеджеру службы удержания
   и договоритесь о перезвоне.
10. Завершение: «Спасибо за разговор. Мы свяжемся с вами <дата>.»""",
        """\
1. Greeting: "Good afternoon! Retention service, my name is <name>."
2. Confirm the account number and the name of the contract holder.
3. Ask an open question: "Could you tell me what led to your decision?"
4. Listen, and check whether the reason belongs to another group of the classifier;
   if it does, choose it and follow that group's script.
5. Temporary absence: offer a temporary suspension for the time away instead of termination;
   the contract is kept and no fee is charged.
6. Ask: "What could we do for you to stay?"
7. Offer a fitting measure: a tariff change, a recalculation, an annual contract.
8. Record the reason in the subscriber's own words: it is needed to review the classifier.
9. If the decision is for a manager, pass the request to a retention manager
   and agree a callback.
10. Closing: "Thank you for the conversation. We will contact you on <date>.\"""",
    ),
}


def load_defaults(apps, schema_editor):
    ReasonGroup = apps.get_model("churn", "ReasonGroup")
    ChurnReason = apps.get_model("churn", "ChurnReason")
    Script = apps.get_model("churn", "Script")
    HistoricalChurnReason = apps.get_model("churn", "HistoricalChurnReason")
    HistoricalScript = apps.get_model("churn", "HistoricalScript")
    now = timezone.now()

    groups = {}
    for code, order, managed, name_ru, name_en in GROUPS:
        groups[code], _ = ReasonGroup.objects.get_or_create(
            code=code, defaults={"order": order, "is_managed": managed, "name_ru": name_ru, "name_en": name_en}
        )

    for order, (code, group, managed, norm, name_ru, name_en) in enumerate(REASONS, start=1):
        reason, created = ChurnReason.objects.get_or_create(
            code=code,
            defaults={
                "group": groups[group], "is_managed": managed, "norm_percent": Decimal(norm),
                "norm_source": "template", "order": order, "name_ru": name_ru, "name_en": name_en,
            },
        )
        if created:
            # The first history row, so the first edit shows what changed from the template.
            HistoricalChurnReason.objects.create(
                id=reason.pk, group_id=reason.group_id, code=code, is_managed=managed, norm_percent=Decimal(norm),
                norm_source="template", order=order, is_archived=False, name_ru=name_ru, name_en=name_en,
                history_date=now, history_type="+",
            )

    for code, (title_ru, title_en, body_ru, body_en) in SCRIPTS.items():
        group = groups[code]
        if Script.objects.filter(group=group, is_default=True).exists():
            continue
        script = Script.objects.create(
            group=group, title=title_ru, title_en=title_en, body_ru=body_ru, body_en=body_en, is_default=True
        )
        HistoricalScript.objects.create(
            id=script.pk, group_id=group.pk, title=title_ru, title_en=title_en, body_ru=body_ru, body_en=body_en,
            is_default=True, history_date=now, history_type="+",
        )


class Migration(migrations.Migration):
    dependencies = [
        ("churn", "0003_script_title_en"),
    ]

    operations = [
        migrations.RunPython(load_defaults, migrations.RunPython.noop),
    ]
