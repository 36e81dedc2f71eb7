VIEW = ["contracts.view_contractoffer", "contracts.view_agitation", "contracts.view_annualcontract"]
AGITATE = ["contracts.add_agitation"]
WORK = ["contracts.add_annualcontract", "contracts.change_annualcontract"]
KEEP_TERMS = ["contracts.add_contractoffer", "contracts.change_contractoffer"]

PERMISSIONS = {
    "head_of_retention": VIEW + AGITATE + WORK + KEEP_TERMS,
    "retention_manager": VIEW + AGITATE + WORK,
    "call_centre_agent": VIEW + AGITATE,
    "b2b_manager": VIEW + AGITATE + WORK,
    "analyst": VIEW,
}

# The B2B account manager keeps business accounts on contract: renewals due come first.
START = {"b2b_manager": ("contracts:renewals", 50)}
