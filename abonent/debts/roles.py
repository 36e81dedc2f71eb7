VIEW = ["debts.view_promisetopay"]
WORK = VIEW + ["debts.add_promisetopay"]

PERMISSIONS = {"head_of_retention": WORK, "debt_agent": WORK, "b2b_manager": WORK, "analyst": VIEW}

# The debtors' promises, when the warm list (worklists' START, higher) is not open to the debt agent.
START = {"debt_agent": ("debts:promisetopay_list", 40)}
