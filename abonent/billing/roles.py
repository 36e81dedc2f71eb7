VIEW = ["billing.view_billingaction"]
SEND = VIEW + ["billing.send_billingaction"]
SETTLE = SEND + ["billing.settle_billingaction"]

# The head sends (exports, marks sent) and settles on billing's word; the billing system's API user acknowledges,
# confirms and rejects; managers and analysts see what went to billing.
PERMISSIONS = {
    "head_of_retention": SETTLE,
    "billing_integration": SETTLE,
    "retention_manager": VIEW,
    "analyst": VIEW,
}

START = {"billing_integration": ("billing:billingaction_list", 10)}
