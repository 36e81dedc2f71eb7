"""Events of the churn app that other apps act on without churn importing them (decision 0005)."""

from django.dispatch import Signal

# Sent by actions.make_free_offer before an offer described in words is recorded, with `request` and `user`. A
# receiver refuses the offer by raising TransitionError (retention: a holdout control request gets no free offer).
free_offer_requested = Signal()
