VIEW = ["debts.view_promisetopay"]
WORK = VIEW + ["debts.add_promisetopay"]

PERMISSIONS = {"head_of_retention": WORK, "debt_agent": WORK, "b2b_manager": WORK, "analyst": VIEW}
