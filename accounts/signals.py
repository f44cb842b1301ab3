"""What the accounts app announces. Sent by its services, views and admin after a write, inside
the writing transaction; the recovery app receives them once (`RecoveryConfig.ready`)."""

from django.dispatch import Signal

# A user's profile or reminder settings changed (time zone, level, goal, units, reminders).
profile_changed = Signal()  # kwargs: user
# Gym memberships of `users` changed (joined, left, removed, role changed).
membership_changed = Signal()  # kwargs: users (list)
# Asked for a user's data export: each receiver returns {table name: rows}.
export_requested = Signal()  # kwargs: user
