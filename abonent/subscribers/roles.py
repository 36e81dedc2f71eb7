"""Who reads the subscriber base, sees phone numbers, loads it, keeps saved segments and the service types (merged
into staff.roles)."""

VIEW_BASE = [
    "subscribers.view_subscriber",
    "subscribers.view_tariff",
    "subscribers.view_service",
    "subscribers.view_payment",
    "subscribers.view_monthlycharge",
    "subscribers.view_usage",
    "subscribers.view_servicekind",
]
# Phone numbers are personal data: everyone who calls subscribers sees them, the read-only analyst does not.
PHONE = ["subscribers.view_phone"]
# What an import writes into the base.
LOAD = [
    "subscribers.add_subscriber",
    "subscribers.change_subscriber",
    "subscribers.add_tariff",
    "subscribers.change_tariff",
]
# The service types register: the head keeps it (adds a type the billing sells, archives an old one).
KEEP_SERVICE_KINDS = [
    "subscribers.add_servicekind",
    "subscribers.change_servicekind",
    "subscribers.delete_servicekind",
]
VIEW_SEGMENTS = ["subscribers.view_savedsegment"]
KEEP_SEGMENTS = [
    "subscribers.add_savedsegment",
    "subscribers.change_savedsegment",
    "subscribers.delete_savedsegment",
]

PERMISSIONS = {
    "head_of_retention": VIEW_BASE + PHONE + LOAD + VIEW_SEGMENTS + KEEP_SEGMENTS + KEEP_SERVICE_KINDS,
    "retention_manager": VIEW_BASE + PHONE + VIEW_SEGMENTS,
    "call_centre_agent": VIEW_BASE + PHONE,
    "debt_agent": VIEW_BASE + PHONE,
    "b2b_manager": VIEW_BASE + PHONE + VIEW_SEGMENTS,
    "analyst": VIEW_BASE + VIEW_SEGMENTS,
}
