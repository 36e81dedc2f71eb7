"""What each role may do with calls: agents see and classify, the head also keeps the classifier and imports."""

VIEW = [
    "calls.view_call",
    "calls.view_calltype",
    "calls.view_calltyperule",
    "calls.view_agentinterval",
    "calls.view_pbxcolumnmapping",
]
CLASSIFY = ["calls.change_call"]
KEEP_CLASSIFIER = [
    "calls.add_calltype",
    "calls.change_calltype",
    "calls.delete_calltype",
    "calls.add_calltyperule",
    "calls.change_calltyperule",
    "calls.delete_calltyperule",
    "calls.add_pbxcolumnmapping",
    "calls.change_pbxcolumnmapping",
    "calls.delete_pbxcolumnmapping",
]

PERMISSIONS = {
    "head_of_retention": VIEW + CLASSIFY + KEEP_CLASSIFIER + ["calls.add_call"],
    "retention_manager": VIEW + CLASSIFY,
    "call_centre_agent": VIEW + CLASSIFY,
    "analyst": VIEW,
}
