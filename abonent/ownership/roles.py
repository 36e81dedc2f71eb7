"""The agent hands requests over; the head writes the assignment rules; everyone who works requests reads them."""

VIEW = ["ownership.view_assignmentrule"]
HAND_OVER = ["ownership.hand_over_request"]
EDIT = ["ownership.add_assignmentrule", "ownership.change_assignmentrule", "ownership.delete_assignmentrule"]

PERMISSIONS = {
    "head_of_retention": VIEW + HAND_OVER + EDIT,
    "retention_manager": VIEW + HAND_OVER,
    "call_centre_agent": VIEW + HAND_OVER,
    "b2b_manager": VIEW + HAND_OVER,
    "analyst": VIEW,
}

# A retention manager's day is everything they own by due date: their requests and more (above churn's list, 50).
START = {"retention_manager": ("ownership:my_work", 55)}
