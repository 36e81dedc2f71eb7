"""Money and counts on pages: rounded, with the thousands separator of the language (issue 12, item 4)."""

from decimal import Decimal

from django.utils import translation

from abonent.core.templatetags.abonent import count, money


def test_money_is_rounded_to_roubles_with_a_thousands_separator():
    with translation.override("ru"):
        # The campaign page showed a SQLite sum as it came: «13741,9100000000».
        assert money(Decimal("13741.9100000000")) == "13\xa0742\xa0₽"
        assert money(Decimal("13741.905"), 2) == "13\xa0741,91\xa0₽"
        assert (money(None), money(0)) == ("—", "0\xa0₽")
        assert count(20000) == "20\xa0000"
    with translation.override("en"):
        assert money(1234567.5) == "1,234,568\xa0₽" and count(5000) == "5,000"
