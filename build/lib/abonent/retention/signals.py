"""`offer_accepted.send(sender=RetentionOffer, offer=offer, user=user)`: a subscriber accepted a retention offer.

Apps that run the measure's process (processes, contracts) connect a receiver that looks at
`offer.measure.process` (a retention.choices.MeasureProcess value), creates its record (e.g. a suspension with
its dates from `offer.details`) and returns it; the retention step then links the agent to the returned records.
A receiver returns None for processes it does not run.
"""

from django.dispatch import Signal

offer_accepted = Signal()
