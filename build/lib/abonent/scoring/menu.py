from django.utils.translation import gettext_lazy as _

from abonent.core.context_processors import MenuItem

ITEMS = [
    MenuItem("retention", _("Churn risk"), "scoring:riskscore_list", "scoring.view_riskscore", 50),
    MenuItem("retention", _("Hidden churn"), "scoring:hidden_list", "scoring.view_riskscore", 55),
    MenuItem("reports", _("Risk model"), "scoring:evaluation", "scoring.view_scoringmodel", 60),
]
