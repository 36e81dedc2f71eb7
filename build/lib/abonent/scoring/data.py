"""Shipped texts: the hidden-churn script (речевой модуль для скрытого оттока)."""

HIDDEN_SCRIPT_TITLE = "Скрытый отток: абонент платит, но не пользуется"
HIDDEN_SCRIPT_TITLE_EN = "Hidden churn: pays but does not use the service"

HIDDEN_SCRIPT = """\
1. Приветствие. «Добрый день, [имя отчество]! Меня зовут [имя], компания [оператор]. \
Звоню, чтобы убедиться, что у вас всё в порядке с услугой. Удобно говорить пару минут?»
2. Повод звонка. «Мы видим, что в последнее время вы почти не пользуетесь интернетом [ТВ]. \
Скажите, пожалуйста, всё ли работает? Может быть, есть проблемы со скоростью, роутером или телевизором?»
3. Выяснение причины (слушаем, не перебиваем):
   • не работает / плохо работает → оформить заявку на ремонт, назвать срок, предложить перерасчёт за период;
   • уехал (дача, командировка, переезд) → предложить добровольную приостановку или переоформление договора \
на новый адрес;
   • пользуется мобильным интернетом / другим провайдером → узнать, чего не хватает (цена, скорость, ТВ), \
предложить подходящий тариф или годовой контракт;
   • финансовые трудности → предложить более дешёвый тариф или рассрочку вместо отключения;
   • пользуется редко, «на всякий случай» → предложить тариф дешевле, но не отключение.
4. Предложение. Одно конкретное предложение из матрицы удержания под названную причину; зафиксировать ответ.
5. Завершение. «Спасибо, что уделили время. Если что-то перестанет работать — звоните [номер], \
мы поможем.» Зафиксировать итог в карточке: причину, предложение, ответ, дату следующего контакта.
"""

HIDDEN_SCRIPT_EN = """\
1. Greeting; ask whether it is a good time.
2. Reason for the call: "we see you have hardly used the service lately — is everything working?"
3. Find the reason: broken → repair ticket and recalculation; away → voluntary suspension or relocation; \
uses a competitor or mobile internet → what is missing, a suitable tariff or annual contract; money trouble → \
a cheaper tariff; rarely uses it → a cheaper tariff rather than disconnection.
4. One concrete offer from the retention matrix; record the answer.
5. Close; record the reason, offer, answer and next contact date.
"""
