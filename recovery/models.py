"""Check-ins, recommendations, reminders: built in the readiness and reminder issues."""
