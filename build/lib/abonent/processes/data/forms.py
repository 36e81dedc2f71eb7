"""The shipped application forms (seed 001, 4.4): Russian text with Django-template placeholders.

Context when printing: subscriber, record (the process record, may be empty), request (its disconnection request),
operator (ProcessSettings: operator_name, director_name), today, phone, employee, blank (a line to fill in by hand).
The data migration loads these; the head edits them on the Application forms page.
"""

HEADER = """Генеральному директору
{{ operator.operator_name }}
{% if operator.director_name %}{{ operator.director_name }}
{% endif %}от абонента: {{ subscriber.name }}
лицевой счёт № {{ subscriber.external_id }}
адрес: {{ subscriber.address|default:blank }}
телефон: {{ phone|default:blank }}"""

FOOTER = """«____» ____________ 20___ г.                Подпись ____________ / {{ subscriber.name }} /

Заявление принял(а): {{ employee|default:blank }}, {{ today|date:"d.m.Y" }}"""

FORMS = [
    {
        "kind": "disconnection",
        "title": "Заявление на отключение услуг по договору",
        "body": """Прошу отключить услуги, предоставляемые по договору (лицевой счёт № {{ subscriber.external_id }}), \
по адресу: {{ subscriber.address|default:blank }}, с {{ request.desired_date|date:"d.m.Y"|default:blank }}.

Причина отключения: {{ request.reason|default:blank }}.

С условиями отключения ознакомлен(а). Задолженность по лицевому счёту обязуюсь погасить до даты отключения. \
Оборудование, предоставленное оператором во временное пользование, обязуюсь вернуть.""",
    },
    {
        "kind": "benefit",
        "title": "Заявление на предоставление льготы",
        "body": """Прошу предоставить мне льготу по оплате услуг связи по договору (лицевой счёт \
№ {{ subscriber.external_id }}){% if record.level %}: {{ record.level }}{% endif %}{% if record.amount %} \
на сумму {{ record.amount }} руб.{% endif %}

Основание для предоставления льготы: {{ blank }}.

Документ, подтверждающий право на льготу, прилагаю. Об изменении оснований для предоставления льготы обязуюсь \
сообщить в течение 10 дней.""",
    },
    {
        "kind": "recalculation",
        "title": "Заявление на перерасчёт",
        "body": """Прошу произвести перерасчёт абонентской платы по договору (лицевой счёт \
№ {{ subscriber.external_id }}) за период с {{ record.period_start|date:"d.m.Y"|default:blank }} \
по {{ record.period_end|date:"d.m.Y"|default:blank }} на сумму {{ record.amount|default:blank }} руб.

Причина: {{ record.reason|default:blank }}.

Сумму перерасчёта прошу зачесть в счёт будущих платежей на лицевом счёте.""",
    },
    {
        "kind": "suspension",
        "title": "Заявление на временное приостановление услуг",
        "body": """Прошу временно приостановить предоставление услуг по договору (лицевой счёт \
№ {{ subscriber.external_id }}) по адресу: {{ subscriber.address|default:blank }} на период \
с {{ record.starts_on|date:"d.m.Y"|default:blank }} по {{ record.ends_on|date:"d.m.Y"|default:blank }} включительно.

С условиями приостановления ознакомлен(а): на период приостановления абонентская плата начисляется по тарифу \
приостановления; по окончании периода предоставление услуг возобновляется автоматически.""",
    },
    {
        "kind": "resumption",
        "title": "Заявление на возобновление услуг",
        "body": """Прошу возобновить предоставление услуг по договору (лицевой счёт № {{ subscriber.external_id }}) \
по адресу: {{ subscriber.address|default:blank }} с {{ record.done_on|date:"d.m.Y"|default:blank }}.

Задолженности по лицевому счёту не имею / обязуюсь погасить до возобновления услуг (нужное подчеркнуть).""",
    },
    {
        "kind": "tariff_change",
        "title": "Заявление на смену тарифного плана",
        "body": """Прошу перевести меня по договору (лицевой счёт № {{ subscriber.external_id }}) с тарифного плана \
«{{ record.from_tariff.name|default:subscriber.tariff.name|default:blank }}» на тарифный план \
«{{ record.to_tariff.name|default:blank }}»{% if record.to_tariff %} (абонентская плата \
{{ record.to_tariff.monthly_fee }} руб. в месяц){% endif %} с {{ record.effective_on|date:"d.m.Y"|default:blank }}.

С условиями нового тарифного плана ознакомлен(а) и согласен(на).""",
    },
    {
        "kind": "termination",
        "title": "Заявление на расторжение договора",
        "body": """Прошу расторгнуть договор об оказании услуг связи (лицевой счёт № {{ subscriber.external_id }}) \
по адресу: {{ subscriber.address|default:blank }} с {{ request.desired_date|date:"d.m.Y"|default:blank }}.

Оборудование, предоставленное оператором во временное пользование\
{% if record.items %} ({{ record.items }}){% endif %}, обязуюсь вернуть \
до {{ record.deadline|date:"d.m.Y"|default:blank }}.

Остаток денежных средств на лицевом счёте прошу вернуть по реквизитам: {{ blank }}.""",
    },
    {
        "kind": "reregister_address",
        "title": "Заявление на переоформление договора на другой адрес",
        "body": """В связи со сменой места жительства прошу переоформить договор (лицевой счёт \
№ {{ subscriber.external_id }}) с адреса: {{ subscriber.address|default:blank }}
на новый адрес: {{ record.new_address|default:blank }}
с {{ record.connection_on|date:"d.m.Y"|default:blank }}.

Предоставление услуг по прежнему адресу прошу прекратить с даты подключения по новому адресу. \
Остаток денежных средств прошу сохранить на лицевом счёте.""",
    },
    {
        "kind": "reregister_person",
        "title": "Заявление на переоформление договора на другое лицо",
        "body": """Прошу переоформить договор об оказании услуг связи (лицевой счёт № {{ subscriber.external_id }}) \
по адресу: {{ subscriber.address|default:blank }} на другое лицо:

ФИО: {{ blank }}{{ blank }}
паспорт: серия ______ № __________, выдан {{ blank }}{{ blank }}

Задолженности по лицевому счёту не имею. Новый абонент с условиями договора ознакомлен.

Подпись нового абонента ____________""",
    },
    {
        "kind": "payment_transfer",
        "title": "Заявление на перенос ошибочного платежа",
        "body": """Прошу перенести ошибочно зачисленный на лицевой счёт № {{ subscriber.external_id }} платёж \
на сумму {{ blank }} руб. от «____» ____________ 20___ г. на лицевой счёт № {{ blank }}.

Копию платёжного документа (чек, квитанция) прилагаю.""",
    },
    {
        "kind": "payment_refund",
        "title": "Заявление на возврат ошибочного платежа",
        "body": """Прошу вернуть ошибочно внесённый на лицевой счёт № {{ subscriber.external_id }} платёж на сумму \
{{ blank }} руб. от «____» ____________ 20___ г.

Денежные средства прошу перечислить по реквизитам: {{ blank }}{{ blank }}

Копию платёжного документа (чек, квитанция) прилагаю.""",
    },
    {
        "kind": "personal_data",
        "title": "Заявление на изменение персональных данных",
        "body": """Прошу внести изменения в персональные данные абонента по договору (лицевой счёт \
№ {{ subscriber.external_id }}).

Прежние данные: {{ subscriber.name }}, {{ subscriber.address|default:blank }}
Новые данные: {{ blank }}{{ blank }}
Основание изменения: {{ blank }}

Копию документа, подтверждающего изменение, прилагаю. Даю согласие на обработку моих персональных данных \
в соответствии с Федеральным законом от 27.07.2006 № 152-ФЗ «О персональных данных».""",
    },
    {
        "kind": "partial_suspension",
        "title": "Заявление на временное приостановление части услуг",
        "body": """Прошу временно приостановить предоставление части услуг по договору (лицевой счёт \
№ {{ subscriber.external_id }}): {{ blank }}
на период с {{ record.starts_on|date:"d.m.Y"|default:blank }} по {{ record.ends_on|date:"d.m.Y"|default:blank }} \
включительно.

Остальные услуги прошу предоставлять в прежнем объёме.""",
    },
    {
        "kind": "advance_refund",
        "title": "Заявление на возврат авансовых средств",
        "body": """В связи с расторжением договора (лицевой счёт № {{ subscriber.external_id }}) прошу вернуть \
остаток авансовых средств на лицевом счёте в сумме {{ blank }} руб.

Денежные средства прошу перечислить по реквизитам: {{ blank }}{{ blank }}""",
    },
    {
        "kind": "claim",
        "title": "Претензия",
        "body": """{% if record.subject %}{{ record.subject }}
{% endif %}{% if record.problem %}{{ record.problem }}
{% endif %}{% if record.text %}{{ record.text }}{% else %}{{ blank }}{{ blank }}{{ blank }}{% endif %}

Требую: {{ record.demand|default:blank }}.

Ответ на претензию прошу направить в срок, установленный законодательством Российской Федерации\
{% if record.deadline %} (не позднее {{ record.deadline|date:"d.m.Y" }}){% endif %}, по адресу: \
{{ subscriber.address|default:blank }}.

Претензия зарегистрирована {{ record.received_on|date:"d.m.Y"|default:blank }}{% if record.pk %} \
под № {{ record.pk }}{% endif %}.""",
    },
]


def load_defaults(apps, schema_editor) -> None:
    FormTemplate = apps.get_model("processes", "FormTemplate")
    for form in FORMS:
        FormTemplate.objects.update_or_create(
            kind=form["kind"],
            defaults={
                "title": form["title"],
                "header": HEADER,
                "body": form["body"],
                "footer": FOOTER,
                "is_default": True,
            },
        )
