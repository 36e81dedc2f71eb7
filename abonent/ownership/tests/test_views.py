"""Who may do what: the agent hands over and reads the rules; only the head writes them. The card shows the owner."""

from abonent.ownership.models import AssignmentRule


def test_the_agent_hands_over_from_the_card_and_the_rule_picks(client, register, managers, agent):
    AssignmentRule.objects.create(name="Скорость", service_type="internet", owner=managers[1], priority=5)
    request = register("low_speed", service_type="internet")
    client.force_login(agent)
    card = client.get(f"/churn/requests/{request.pk}/").content.decode()
    assert 'id="hand-over-form"' in card
    response = client.post(f"/ownership/requests/{request.pk}/hand-over/", {"to": "", "due_on": ""}, follow=True)
    request.refresh_from_db()
    assert request.owner == managers[1]
    assert "Скорость" in response.content.decode()
    assert client.get("/ownership/rules/add/").status_code == 403
    assert client.post("/ownership/rules/add/", {"name": "x", "owner": agent.pk, "priority": 1}).status_code == 403
    assert client.get("/ownership/rules/").status_code == 200


def test_the_analyst_sees_the_owner_but_cannot_hand_over(client, make_user, register, managers):
    request = register()
    analyst = make_user("analyst")
    client.force_login(analyst)
    card = client.get(f"/churn/requests/{request.pk}/").content.decode()
    assert 'id="request-owner"' in card and 'id="hand-over-form"' not in card
    assert client.post(f"/ownership/requests/{request.pk}/hand-over/", {}).status_code == 403


def test_the_head_writes_a_rule(client_for, managers, default_classifier):
    client = client_for("head_of_retention")
    response = client.post(
        "/ownership/rules/add/",
        {"name": "Юрлица", "subscriber_kind": "business", "owner": managers[2].pk, "priority": 10, "is_active": "on"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    rule = AssignmentRule.objects.get()
    assert (rule.owner, rule.subscriber_kind, rule.history.first().history_user) == (
        managers[2],
        "business",
        client.user,
    )


def test_the_api_hands_over_and_lists_rules(api_client_for, register, managers):
    api = api_client_for("call_centre_agent")
    request = register()
    answer = api.post(f"/api/ownership/requests/{request.pk}/hand-over/", {}, format="json").json()
    assert (answer["owner"], answer["by"]) == ("orlov", "turn")
    assert api.get("/api/ownership/rules/").status_code == 200
    assert api.post("/api/ownership/rules/", {"name": "x", "owner": managers[0].pk}, format="json").status_code == 403
