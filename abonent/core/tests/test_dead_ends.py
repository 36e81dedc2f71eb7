"""Every page a role reaches, over a small demo operator in Russian (the one test_data_protection loads: its
`operator` fixture, once for this module):

- no dead ends: no link on it answers 403 for that role (issue 12, item 1);
- numbers in markup are never localised: SVG attributes, aria values, `data-*` and styles read as numbers, and every
  JSON script parses (item 6: the calibration chart's `cx="26,9"` drew nothing);
- the text reads as Russian figures (item 7): no choice shown by its stored code, no amount over 9 999 without its
  thousands separator (145000,00 on the economics page).
"""

import time

import pytest
from django.contrib.auth import get_user_model

from abonent.core.testing import choice_codes, crawl, forbidden_links, unformatted_text, unlocalised_markup
from abonent.core.tests.test_data_protection import operator, samples  # noqa: F401 (the module's demo fixture)
from abonent.staff.roles import ROLES


@pytest.fixture(autouse=True)
def russian(settings):
    settings.LANGUAGE_CODE = "ru"


@pytest.mark.parametrize("role", list(ROLES))
def test_every_page_a_role_reaches_has_no_dead_link_and_readable_numbers(operator, client, make_user, role):  # noqa: F811
    client.force_login(make_user(role))
    started = time.perf_counter()
    result = crawl(client, samples=samples(), api=False, exports=False)
    pages = [f for f in result.ok("page") if f.content_type.startswith("text/html")]
    dead = forbidden_links(client, result)
    print(f"{role}: {len(pages)} pages in {time.perf_counter() - started:.1f} s")
    assert not dead, "links that answer 403:\n" + "\n".join(f"{d.url} (on {d.found_on})" for d in dead)
    unreadable = [f"{f.url}: {p}" for f in pages for p in unlocalised_markup(f.body.decode())]
    assert not unreadable, "numbers a browser cannot read:\n" + "\n".join(unreadable[:20])
    # A login that happens to be a code (the demo's "agent") is a name, not a code.
    codes = choice_codes() - set(get_user_model().objects.values_list("username", flat=True))
    unformatted = sorted({f"{f.name}: {p}" for f in pages for p in unformatted_text(f.body.decode(), codes)})
    assert not unformatted, "texts not formatted for a reader:\n" + "\n".join(unformatted[:40])
    # The crawl itself is checked: the role reached its pages, in Russian (an API user's are the outbox's).
    assert len(pages) >= (1 if ROLES[role].get("api_only") else 10), len(pages)
    assert all('<html lang="ru">' in f.body.decode() for f in pages[:5])
    if role == "head_of_retention":
        evaluation = next(f.body.decode() for f in pages if f.name == "scoring:evaluation")
        assert "<circle" in evaluation, "the demo's risk model has its calibration points"


def test_a_comma_decimal_in_markup_is_found():
    html = (
        '<svg viewBox="0 0 300 300"><circle cx="26,9" cy="280.0" r="4"/><polyline points="1,2 3,4,5"/></svg>'
        '<div data-share="0,95" style="width: 12,5%" aria-valuenow="3"></div>'
        '<script type="application/json" id="c">{"x": 26,9}</script>'
        '<script type="application/json" id="d">{"y": ["1,5", "январь"]}</script>'
    )
    found = unlocalised_markup(html)
    assert len(found) == 6, found
    assert (
        unlocalised_markup('<svg><circle cx="26.9" cy="1" r="4"/></svg><script type="application/json">[1.5]</script>')
        == []
    )


def test_a_code_and_a_bare_amount_are_found_and_ids_are_not():
    codes = {"bundle", "catv", "internet", "ui"}
    html = (
        '<table><tr><td>bundle/catv/internet</td><td class="num">13741</td><td>145000,00</td>'
        '<td><a href="/s/1/">10000024</a></td><td><code>ui</code></td><td class="num">13 741</td>'
        "<td>Интернет</td><td>10000024</td></tr></table>"
    )
    assert unformatted_text(html, codes) == [
        "a code, not its label: 'bundle/catv/internet'",
        "no thousands separator: '13741' in '13741'",
        "no thousands separator: '145000,00' in '145000,00'",
    ]
