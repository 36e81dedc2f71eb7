"""The hooks retention offers to the apps above it (processes, contracts), which connect in `AppConfig.ready`.

`offer_accepted.send(sender=RetentionOffer, offer=offer, user=user)`: a subscriber accepted a retention offer.
Apps that run the measure's process connect a receiver that looks at `offer.measure.process` (a
retention.choices.MeasureProcess value), creates its record (e.g. a suspension with its dates from
`offer.details`) and returns it; the retention step then links the agent to the returned records. A receiver
returns None for processes it does not run.

`offer_records.send(sender=RetentionOffer, offer=offer)`: the records an offer's processes made, for the offer card
and the retention step. Each receiver returns a list (empty when it has none); the sender flattens the answers.
"""

from django.dispatch import Signal

offer_accepted = Signal()
offer_records = Signal()
