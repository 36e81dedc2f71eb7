"""What each role may do with surveys: agents record answers on calls, the head runs surveys and invitations."""

VIEW = ["surveys.view_survey", "surveys.view_question", "surveys.view_invitation", "surveys.view_response"]
RUN = [
    "surveys.add_survey",
    "surveys.change_survey",
    "surveys.add_question",
    "surveys.change_question",
    "surveys.delete_question",
    "surveys.add_invitation",
    "surveys.change_invitation",
]

PERMISSIONS = {
    "head_of_retention": VIEW + RUN + ["surveys.add_response", "surveys.view_nps_report"],
    "retention_manager": VIEW + ["surveys.add_response", "surveys.add_invitation", "surveys.view_nps_report"],
    "call_centre_agent": VIEW + ["surveys.add_response"],
    "b2b_manager": VIEW + ["surveys.add_response", "surveys.view_nps_report"],
    "analyst": VIEW + ["surveys.view_nps_report"],
}
