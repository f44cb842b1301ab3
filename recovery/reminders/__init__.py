"""Run reminders after leg days: which are pending (schedule), sending them (services), the email (messages), and the in-app notifications and unsubscribe pages (views)."""
