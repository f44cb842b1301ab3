"""The rule thresholds in force: the admin-edited rows over the engine's defaults, cached for a
bounded time (every edit deletes the cached copy through `recovery.sync.thresholds_changed`)."""

import functools

from django.core.cache import cache

from config.cache import once_per_request, request_forget

from ..engine import readiness
from ..models import RuleSet, Threshold

THRESHOLDS_CACHE_KEY = "recovery:thresholds:v2"
# A bound on staleness should the delete after an edit be lost (a write during an outage).
THRESHOLDS_CACHE_SECONDS = 300


def current_thresholds() -> tuple[readiness.Thresholds, int]:
    """The admin-edited thresholds and their version (cached for a bounded time; every edit
    deletes the cached copy through `sync.thresholds_changed`), read once per request."""
    return once_per_request(THRESHOLDS_CACHE_KEY, _read)


def _read() -> tuple[readiness.Thresholds, int]:
    cached = cache.get(THRESHOLDS_CACHE_KEY)
    if cached is None:
        values = dict(Threshold.objects.values_list("key", "value"))
        version = RuleSet.objects.values_list("version", flat=True).first() or 1
        cached = (values, version)
        cache.set(THRESHOLDS_CACHE_KEY, cached, THRESHOLDS_CACHE_SECONDS)
    values, version = cached
    return _built(version, tuple(sorted(values.items()))), version


@functools.lru_cache(maxsize=8)
def _built(version: int, values: tuple) -> readiness.Thresholds:
    """The Thresholds of these values (a pure function of its arguments, so memoised:
    building the dataclass took most of a millisecond on every page)."""
    return readiness.Thresholds().with_overrides(dict(values))


def thresholds_forget() -> None:
    request_forget(THRESHOLDS_CACHE_KEY)
    cache.delete(THRESHOLDS_CACHE_KEY)
