"""The gym staff's area: the roster, an athlete's page, notes, overrides and invitations."""
