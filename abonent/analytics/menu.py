from django.utils.translation import gettext_lazy as _

from abonent.core.context_processors import MenuItem

ITEMS = [
    MenuItem("reports", _("Dashboard"), "analytics:dashboard", "churn.view_diagnostics", 10),
    MenuItem("reports", _("Diagnostics"), "analytics:diagnostics", "churn.view_diagnostics", 20),
    MenuItem("reports", _("Base analysis"), "analytics:base_analysis", "analytics.view_reports", 30),
    MenuItem("reports", _("Tariff distribution"), "analytics:tariffs", "analytics.view_reports", 35),
    MenuItem("reports", _("Churn vs inflow"), "analytics:churn_inflow", "analytics.view_reports", 40),
    MenuItem("reports", _("Survival"), "analytics:survival", "analytics.view_reports", 45),
    MenuItem("reports", _("Cohorts"), "analytics:cohorts", "analytics.view_reports", 50),
    MenuItem("base", _("Competitor tariffs"), "analytics:competitortariff_list", "analytics.view_competitortariff", 45),
]
