"""Who works the retention processes: managers work them, the head also approves recalculations above the limit
and keeps the forms and settings; call-centre agents and B2B managers open records; the analyst reads."""

PROCESSES = [
    "tariffchange",
    "recalculation",
    "urgentrepair",
    "claim",
    "relocation",
    "reactivation",
    "suspension",
    "equipmentreturn",
    "bonuscard",
]
VIEW = [f"processes.view_{m}" for m in PROCESSES] + ["processes.view_formtemplate"]
WORK = VIEW + [f"processes.{a}_{m}" for m in PROCESSES for a in ("add", "change")]

PERMISSIONS = {
    "head_of_retention": WORK
    + [
        "processes.approve_recalculation",
        "processes.add_formtemplate",
        "processes.change_formtemplate",
        "processes.view_processsettings",
        "processes.change_processsettings",
    ],
    "retention_manager": WORK,
    "b2b_manager": WORK,
    "call_centre_agent": VIEW + [f"processes.add_{m}" for m in ("claim", "urgentrepair", "reactivation")],
    # The debt agent reactivates blocked subscribers who paid, and sees suspensions (warm churn).
    "debt_agent": [
        "processes.view_reactivation",
        "processes.add_reactivation",
        "processes.change_reactivation",
        "processes.view_suspension",
        "processes.view_formtemplate",
    ],
    "analyst": VIEW,
}
