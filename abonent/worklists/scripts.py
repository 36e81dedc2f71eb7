"""Scripts the work lists ship: win-back (seed 001, 5.3.5) and warm churn (stopped paying, blocked, suspended).

They live in the churn script library (churn.Script needs a reason group: win-back goes with "other", warm churn
with "temporary financial difficulties"), found by title, so the head may edit them there.
"""

from abonent.churn.models import ReasonGroup, Script

WINBACK_TITLE = "Сценарий для обзвона ушедших абонентов"
WARM_TITLE = "Сценарий работы с «тёплым» оттоком: приостановленные, заблокированные, перестали платить"

WINBACK_BODY = """1. Приветствие. «Здравствуйте, [имя отчество]! Меня зовут [имя], компания [оператор]. \
Вы были нашим абонентом \
до [дата отключения]. Удобно ли вам уделить две минуты?»
2. Благодарность. «Спасибо, что были с нами [срок] — нам важно ваше мнение».
3. Причина ухода. «Подскажите, пожалуйста, почему вы решили отключиться?» Выслушать, не перебивать, уточнить: \
скорость, качество, обслуживание, цена, переезд, конкурент.
4. Что изменилось. Назвать, что исправлено по причине абонента: ремонт сети в доме, новые тарифы, \
скорость, круглосуточная поддержка.
5. Предложение возврата. «Для бывших абонентов у нас особые условия: бесплатное повторное подключение и \
[бесплатный месяц / скидка / годовой контракт с гарантией цены]».
6. Работа с возражениями. «Уже подключены к другому оператору» — уточнить срок договора, предложить перезвонить \
к его окончанию; «дорого» — подобрать тариф; «плохое качество» — предложить бесплатный тестовый период.
7. Фиксация результата. Согласие — оформить заявку на подключение, назвать дату. Отказ — поблагодарить, \
спросить разрешения позвонить через 3 месяца. Записать исход звонка в карточку задания."""

WARM_BODY = """1. Приветствие. «Здравствуйте, [имя отчество]! Меня зовут [имя], компания [оператор]. Звоню по вашему \
договору [лицевой счёт]».
2. Ситуация. Приостановлены услуги — «Услуги у вас приостановлены с [дата]. Планируете ли вы снова ими \
пользоваться?» Заблокирован / не платит — «На счёте задолженность [сумма], последний платёж был [дата]. \
Подскажите, всё ли в порядке с услугой?»
3. Выяснить причину. Финансовые трудности, отъезд, недовольство качеством, ушёл к конкуренту, забыл оплатить.
4. Решение. Трудности — предложить отсрочку, рассрочку долга или временную блокировку вместо отключения; \
отъезд — приостановление на срок отсутствия; качество — заявка на ремонт; забыл — напомнить способы оплаты.
5. Договорённость. Зафиксировать дату обещанного платежа или возобновления, предупредить о последствиях \
неоплаты вежливо и без давления.
6. Итог. Записать исход и дату следующего контакта."""

SCRIPTS = [
    (WINBACK_TITLE, "Win-back call to churned subscribers", "other", WINBACK_BODY),
    (WARM_TITLE, "Warm churn: suspended, blocked, stopped paying", "financial", WARM_BODY),
]


def ensure_scripts(Script, ReasonGroup) -> dict[str, object]:
    """The shipped scripts by title, created when missing (also from the data migration with historical models)."""
    found = {}
    for title, title_en, group_code, body in SCRIPTS:
        script = Script.objects.filter(title=title).first()
        if script is None:
            group = ReasonGroup.objects.filter(code=group_code).first() or ReasonGroup.objects.order_by("pk").first()
            if group is None:
                continue
            script = Script.objects.create(group=group, title=title, title_en=title_en, body_ru=body)
        found[title] = script
    return found


def script(title: str):

    return ensure_scripts(Script, ReasonGroup).get(title)
