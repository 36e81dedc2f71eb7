"""One definition of kept and the kept share (churn.kept), and the pages that show it agreeing on it."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from abonent.churn.choices import RequestStatus
from abonent.churn.kept import DECIDED, KEPT, KeptCount, count_kept, count_kept_by, kept_share
from abonent.churn.models import DisconnectionRequest
from abonent.churn.services import month_start, next_month

pytestmark = pytest.mark.django_db

# How the fixture's requests end: 4 kept, 2 disconnected, 3 withdrawn, 1 still open.
OUTCOMES = ["retained", "retained", "suspended", "relocated", "disconnected", "disconnected"]
OUTCOMES += ["withdrawn"] * 3 + ["offer_made"]


@pytest.fixture
def requests(make_subscriber, bring_to):
    """Received and closed today, one subscriber each."""
    return [bring_to(make_subscriber(), outcome) for outcome in OUTCOMES]


def test_the_sets():
    assert set(KEPT) == {RequestStatus.RETAINED, RequestStatus.SUSPENDED, RequestStatus.RELOCATED}
    assert set(DECIDED) == set(KEPT) | {RequestStatus.DISCONNECTED}
    assert RequestStatus.WITHDRAWN not in DECIDED and set(DECIDED) < set(RequestStatus.closed_values())


def test_kept_share_by_hand():
    assert kept_share(4, 2) == Decimal(400) / 6  # 66.67 %
    assert kept_share(1, 1) == Decimal(50) and kept_share(3, 0) == Decimal(100) and kept_share(0, 2) == Decimal(0)
    assert kept_share(0, 0) is None  # nothing decided: no share, not 0


def test_count_kept_leaves_withdrawn_and_open_requests_out(requests, django_assert_num_queries):
    with django_assert_num_queries(1):
        counts = count_kept(DisconnectionRequest.objects.all())
    assert counts == KeptCount(kept=4, disconnected=2, withdrawn=3)
    assert counts.decided == 6 and counts.share == kept_share(4, 2)
    assert count_kept(DisconnectionRequest.objects.filter(status=RequestStatus.WITHDRAWN)).share is None


def test_count_kept_by_groups_in_one_query(requests, django_assert_num_queries):
    with django_assert_num_queries(1):
        by_status = count_kept_by(DisconnectionRequest.objects.all(), "status")
    assert by_status["retained"] == KeptCount(kept=2, disconnected=0, withdrawn=0)
    assert by_status["withdrawn"] == KeptCount(kept=0, disconnected=0, withdrawn=3)
    assert by_status["offer_made"].decided == 0
    assert sum(c.kept for c in by_status.values()) == count_kept(DisconnectionRequest.objects.all()).kept


def test_diagnostics_and_audit_give_the_same_share(requests):
    """The same requests, received and closed in the same month: the diagnostics' retention work (requests
    received) and the audit's kept_share (requests closed) read one definition and agree."""
    from abonent.analytics.diagnostics import retention_work
    from abonent.audit import metrics

    month = month_start(timezone.localdate())
    work = retention_work(month, month)
    figure = metrics.kept_share(metrics.Period(month, next_month(month) - dt.timedelta(days=1)))
    expected = float(kept_share(4, 2))
    assert (work.kept, work.disconnected, work.withdrawn, work.open) == (4, 2, 3, 1)
    assert work.kept_pct == pytest.approx(expected) and figure.value == pytest.approx(expected)
    assert figure.detail == "4 of 6"


def test_no_request_decided_in_the_period_has_no_audit_value(make_subscriber, bring_to):
    from abonent.audit import metrics

    bring_to(make_subscriber(), "withdrawn")
    today = timezone.localdate()
    figure = metrics.kept_share(metrics.Period(today, today))
    assert figure.value is None
    assert figure.note == "No requests closed as kept or disconnected in the period."


def test_an_accepted_offer_closes_its_request_as_kept():
    """The retention reports' offer-level "kept after an offer" starts from a request closed as one of KEPT."""
    from abonent.retention.choices import MeasureProcess
    from abonent.retention.models import Measure
    from abonent.retention.services import OUTCOME_FOR_PROCESS, outcome_for

    assert set(OUTCOME_FOR_PROCESS.values()) <= set(KEPT)
    assert {outcome_for(Measure(process=process)) for process in MeasureProcess.values} <= set(KEPT)
