VIEW = ["outages.view_outage"]
ADD = VIEW + ["outages.add_outage", "outages.change_outage"]

PERMISSIONS = {
    "head_of_retention": ADD + ["outages.delete_outage", "imports.add_importrun"],
    "retention_manager": ADD,
    "b2b_manager": VIEW,
    "analyst": VIEW,
}
