VIEW = ["debts.view_promisetopay", "debts.view_debtexemption"]
WORK = VIEW + ["debts.add_promisetopay"]
APPROVE = ["debts.add_debtexemption", "debts.change_debtexemption", "debts.delete_debtexemption"]

PERMISSIONS = {"head_of_retention": WORK + APPROVE, "debt_agent": WORK, "b2b_manager": WORK, "analyst": VIEW}

# The debtors' promises, when the warm list (worklists' START, higher) is not open to the debt agent.
START = {"debt_agent": ("debts:promisetopay_list", 40)}
