"""A Redis cache that degrades instead of failing when Redis is unreachable.

Everything the app keeps in the cache can be recomputed (thresholds, fragments, a day's
readiness inputs) or safely skipped for a moment (rate-limit counters), so a Redis outage
must not turn pages into 500s. Also: the versions that cached work is keyed by.
"""

import logging
import secrets

from django.core.cache import cache
from django.core.cache.backends.redis import RedisCache
from django.db import transaction
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

log = logging.getLogger(__name__)
OUTAGE = (RedisConnectionError, RedisTimeoutError, OSError)


class ResilientRedisCache(RedisCache):
    def _try(self, method: str, default, *args, **kwargs):
        try:
            return getattr(super(), method)(*args, **kwargs)
        except OUTAGE as error:
            log.warning("cache %s skipped, Redis unreachable: %s", method, error)
            return default

    def get(self, key, default=None, version=None):
        return self._try("get", default, key, default, version)

    def set(self, key, value, timeout=None, version=None):
        return self._try("set", None, key, value, timeout, version)

    def add(self, key, value, timeout=None, version=None):
        return self._try("add", False, key, value, timeout, version)

    def delete(self, key, version=None):
        return self._try("delete", False, key, version)

    def get_many(self, keys, version=None):
        return self._try("get_many", {}, keys, version)

    def set_many(self, data, timeout=None, version=None):
        return self._try("set_many", list(data), data, timeout, version)

    def incr(self, key, delta=1, version=None):
        return self._try("incr", delta, key, delta, version)

    def touch(self, key, timeout=None, version=None):
        return self._try("touch", False, key, timeout, version)

    def has_key(self, key, version=None):
        return self._try("has_key", False, key, version)

    def clear(self):
        return self._try("clear", None)


# --- Versions of cached work -----------------------------------------------------------
# Work derived from a piece of data is cached under that data's version: a random token,
# replaced whenever the data changes, so every rendering or computation keyed by the old
# token is simply never read again (and expires).


def _new_version() -> str:
    return secrets.token_hex(8)  # not the clock: two changes in one instant must differ


def data_version(name: str) -> str:
    """The current version of the data called `name` (say "training:42")."""
    return cache.get_or_set(f"version:{name}", _new_version, timeout=None)


def cached_for(name: str, key: str, compute, timeout: int):
    """`compute()`'s value, cached under `key` until the data called `name` changes: the
    value is kept with the version it was computed at, so one round trip reads both."""
    return cached_for_many({None: (name, key)}, lambda _: {None: compute()}, timeout)[None]


def cached_for_many(entries: dict, compute, timeout: int) -> dict:
    """`cached_for` for many values at once: `entries` maps an id to its (data name, key);
    `compute(ids)` returns the values of the ids not cached (read in bulk). One round trip
    when all are cached."""
    found = cache.get_many(
        [f"version:{name}" for name, _ in entries.values()] + [key for _, key in entries.values()]
    )
    values, versions = {}, {}
    for ident, (name, key) in entries.items():
        version, entry = found.get(f"version:{name}"), found.get(key)
        if version is not None and entry is not None and entry[0] == version:
            values[ident] = entry[1]
        else:  # the version read before computing: a change meanwhile outdates the result
            versions[ident] = version or data_version(name)
    if versions:
        computed = compute(set(versions))
        cache.set_many(
            {entries[ident][1]: (version, computed[ident]) for ident, version in versions.items()},
            timeout,
        )
        values.update(computed)
    return values


def data_changed(name: str) -> None:
    """The data called `name` changed: outdate everything cached under its version. Now,
    and again once the transaction commits: a reader in between sees the old rows and may
    cache them under the version of the moment."""

    def bump() -> None:
        cache.set(f"version:{name}", _new_version(), timeout=None)

    bump()
    transaction.on_commit(bump)
