"""Events of the churn app that other apps act on without churn importing them (decision 0005)."""

from django.dispatch import Signal

# Sent by actions.make_free_offer before an offer described in words is recorded, with `request` and `user`. A
# receiver refuses the offer by raising TransitionError (retention: a holdout control request gets no free offer).
free_offer_requested = Signal()

# Sent by the reports (analytics' dashboard trend) with `start` and `end`, the first days of the first and last
# month: each receiver returns {first day of a month: disconnections the month may have}, the plan of
# non-retention set for that month (retention: RetentionPlan.non_retention_plan). Months no receiver names have no
# set plan; the report then reads the plan as the month's unmanaged churn (docs/decisions/0002).
non_retention_plans = Signal()

# Sent by actions.make_offer when the subscriber will think and the owner is to call back on a day, with `request`,
# `on` (the day) and `user`: the ownership app's receiver puts a call-back task (a work item) for the request's owner
# due that day. Sent inside the action's transaction, so a failing receiver undoes the offer too.
call_back_promised = Signal()
