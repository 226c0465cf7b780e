"""What frontage tells the apps above it, without importing them."""

from django.dispatch import Signal

# Sent (sender=Check, check=the check, duties=[the failed duties' values]) inside the
# transaction that records a check with a failed duty: inspections may connect to it (in
# its AppConfig.ready) to open a finding for the unit; frontage knows nothing of findings.
duty_failed = Signal()
