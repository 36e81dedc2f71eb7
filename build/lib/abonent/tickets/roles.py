"""Tickets: agents open them, managers and the head work them, the head and analysts read the SLA report."""

VIEW = ["tickets.view_ticket"]
WORK = VIEW + ["tickets.add_ticket", "tickets.change_ticket"]

PERMISSIONS = {
    "head_of_retention": WORK + ["imports.add_importrun"],
    "retention_manager": WORK,
    "b2b_manager": WORK,
    "call_centre_agent": VIEW + ["tickets.add_ticket"],
    "debt_agent": VIEW,
    "analyst": VIEW,
}
