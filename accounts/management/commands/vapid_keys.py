"""Make a VAPID key pair for web push, for development: `make run` calls it.

Writes VAPID_PRIVATE_KEY and VAPID_PUBLIC_KEY to var/vapid.env (read by the settings when
DEBUG is on) unless that file exists or the environment has keys already. Production keys
are made once the same way (`--print`) and kept in the environment; changing them ends
every device's subscription.
"""

from pathlib import Path

from cryptography.hazmat.primitives import serialization
from django.conf import settings
from django.core.management.base import BaseCommand
from py_vapid import Vapid
from py_vapid.utils import b64urlencode


def new_key_pair() -> tuple[str, str]:
    """(private key as base64url raw bytes, public key as the browser's applicationServerKey)."""
    vapid = Vapid()
    vapid.generate_keys()
    private = b64urlencode(vapid.private_key.private_numbers().private_value.to_bytes(32, "big"))
    public = b64urlencode(
        vapid.public_key.public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
    )
    return private, public


class Command(BaseCommand):
    help = "Write a development VAPID key pair to var/vapid.env (once), or print a new pair."

    def add_arguments(self, parser):
        parser.add_argument("--path", default=str(settings.VAR_DIR / "vapid.env"))
        parser.add_argument("--print", action="store_true", help="Print a new pair; write nothing.")

    def handle(self, *args, path: str, print: bool, **options):
        if print:
            private, public = new_key_pair()
            self.stdout.write(f"VAPID_PRIVATE_KEY={private}\nVAPID_PUBLIC_KEY={public}")
            return
        target = Path(path)
        if settings.VAPID_PRIVATE_KEY or target.exists():
            self.stdout.write("Web push: VAPID keys are set up already.")
            return
        private, public = new_key_pair()
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(f"VAPID_PRIVATE_KEY={private}\nVAPID_PUBLIC_KEY={public}\n")
        target.chmod(0o600)
        self.stdout.write(f"Web push: wrote a development key pair to {target}.")
