"""What the training app announces. Sent by its services and admin after a write, inside the
writing transaction; the recovery app receives them once (`RecoveryConfig.ready`) and brings
everything derived from the training log up to date (`recovery.sync`)."""

from django.dispatch import Signal

# Sessions, their exercise rows, exercises or planned runs of `athletes` changed.
training_changed = Signal()  # kwargs: athletes (list of accounts.User)
