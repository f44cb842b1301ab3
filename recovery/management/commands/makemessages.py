"""Django's makemessages, also extracting the engine's sentences: `text(...)` and `say(...)`
of `recovery.engine.texts` (the engine stays free of Django, so it cannot call gettext)."""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    xgettext_options = [*makemessages.Command.xgettext_options, "--keyword=text", "--keyword=say"]
