"""Secrets that travel in URLs never reach a log: a calendar address's token is the key to
the feed, so `/calendar/<token>.ics` is written `/calendar/….ics` by Django's loggers (this
filter, in LOGGING) and by gunicorn's access log (`RedactingLogger`, in the Procfile); an API
token (`rr_…`) is cut to its first characters wherever it appears."""

import logging
import re

from gunicorn.glogging import Logger

SECRET_PATHS = re.compile(r"(/calendar/)[^/\s\"?]+(\.ics)")
# An API token, wherever it appears (a header echoed in an error, a URL by mistake): its
# marker and first characters stay, to tell which one.
API_TOKENS = re.compile(r"\b(rr_[A-Za-z0-9_-]{4})[A-Za-z0-9_-]+")


def redact(text: str) -> str:
    return API_TOKENS.sub(r"\1…", SECRET_PATHS.sub(r"\1…\2", text))


class RedactSecrets(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        clean = redact(message)
        if clean != message:
            record.msg, record.args = clean, None
        return True


class RedactingLogger(Logger):
    """gunicorn's logger, with the request line and path of each access line redacted."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        for key in ("r", "U", "{raw_uri}e"):
            if isinstance(atoms.get(key), str):
                atoms[key] = redact(atoms[key])
        return atoms
