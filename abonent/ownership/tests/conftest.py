import pytest

from abonent.churn import actions as churn_actions


@pytest.fixture
def managers(make_user):
    """Three retention managers, in id order."""
    return [make_user("retention_manager", username=name) for name in ("orlov", "sokolova", "belova")]


@pytest.fixture
def agent(make_user):
    return make_user("call_centre_agent", username="anna")


@pytest.fixture
def register(make_subscriber, agent, reasons):
    """register(reason_code=None, **subscriber fields) -> a request received by the agent now."""

    def _register(reason_code: str | None = None, **fields):
        request = churn_actions.register_request(make_subscriber(**fields), channel="phone", user=agent)
        if reason_code:
            churn_actions.establish_reason(request, reason=reasons[reason_code], user=agent)
        return request

    return _register
