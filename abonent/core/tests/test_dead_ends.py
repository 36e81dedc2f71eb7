"""No dead ends for any role: every link on every page a role reaches opens for that role (no 403), over a small
demo operator (the one test_data_protection loads: its `operator` fixture, once for this module)."""

import time

import pytest

from abonent.core.testing import crawl, forbidden_links
from abonent.core.tests.test_data_protection import operator, samples  # noqa: F401 (the module's demo fixture)
from abonent.staff.roles import ROLES


@pytest.mark.parametrize("role", list(ROLES))
def test_no_link_a_role_is_shown_answers_403(operator, client, make_user, role):  # noqa: F811
    client.force_login(make_user(role))
    started = time.perf_counter()
    result = crawl(client, samples=samples(), api=False, exports=False)
    dead = forbidden_links(client, result)
    print(f"{role}: {len(result.ok('page'))} pages in {time.perf_counter() - started:.1f} s")
    assert not dead, "links that answer 403:\n" + "\n".join(f"{d.url} (on {d.found_on})" for d in dead)
    # The crawl itself is checked: the role reached its pages.
    assert len(result.ok("page")) >= 10, len(result.ok("page"))
