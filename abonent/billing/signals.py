"""What the outbox tells the apps above it (they connect in their AppConfig.ready)."""

from django.dispatch import Signal

# Sent after an action is confirmed or rejected (by billing's answer, a person, or the check after an import):
# sender=BillingAction, action=the action, state="confirmed" | "rejected". The producing app may follow up (a
# recalculation credited once billing confirmed it). A receiver's error is logged; the settlement stands.
action_settled = Signal()

# Sent after a new action is saved (not for a repeat of its key): sender=BillingAction, action=the action. The
# webhook push (tasks.schedule_push) listens when a webhook is configured.
action_enqueued = Signal()
