from django.utils.translation import gettext_lazy as _

from abonent.core.context_processors import MenuItem

ITEMS = [
    MenuItem("calls", _("Call log"), "calls:call_list", "calls.view_call", 10),
    MenuItem("calls", _("Unclassified calls"), "calls:call_todo", "calls.change_call", 15),
    MenuItem("calls", _("Agent sessions"), "calls:agentinterval_list", "calls.view_agentinterval", 80),
    MenuItem("settings", _("Call types"), "calls:calltype_list", "calls.view_calltype", 40),
    MenuItem("settings", _("Call type rules"), "calls:calltyperule_list", "calls.view_calltyperule", 41),
    MenuItem("settings", _("PBX column mappings"), "calls:pbxcolumnmapping_list", "calls.view_pbxcolumnmapping", 42),
]
