"""What the import machinery tells the apps above it (they connect in their AppConfig.ready)."""

from django.dispatch import Signal

# Sent once a run has loaded its file and is saved as succeeded: sender=ImportRun, run=the run, kind=its kind.
# The file's rows are committed by then; a receiver's failure is logged and does not undo the import.
import_succeeded = Signal()
