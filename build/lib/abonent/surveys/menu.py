from django.utils.translation import gettext_lazy as _

from abonent.core.context_processors import MenuItem

ITEMS = [
    MenuItem("reports", _("NPS"), "surveys:nps", "surveys.view_nps_report", 60),
    MenuItem("work", _("Surveys"), "surveys:survey_list", "surveys.view_survey", 80),
    MenuItem("work", _("Survey invitations"), "surveys:invitation_list", "surveys.view_invitation", 81),
    MenuItem("work", _("Survey answers"), "surveys:response_list", "surveys.view_response", 82),
]
