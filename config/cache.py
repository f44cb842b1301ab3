"""Caches that are safe by construction, and the versions cached work is keyed by.

Everything the app keeps in the cache can be recomputed (thresholds, fragments, a day's
readiness inputs) or safely skipped for a moment (rate-limit counters), so a cache failure
of any kind, an outage or a value that no longer unpickles (a class changed in a deploy),
is logged and read as a miss, never a 500. Every value has a bounded lifetime, and the keys
of structured values carry a schema tag (`schema_tag`) that changes with their classes.
"""

import dataclasses
import hashlib
import logging
import secrets
from contextvars import ContextVar

from django.core.cache import cache
from django.core.cache.backends.filebased import FileBasedCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from django.db import models, transaction

log = logging.getLogger(__name__)
# A data version outlives every value keyed by it (those live minutes); bounded all the same.
VERSION_SECONDS = 7 * 24 * 3600


class SafeCacheMixin:
    """Any error of the backend (connection, timeout, unpickling, a corrupt file) is logged
    and answered with the call's harmless default: a miss, or a write skipped."""

    def _try(self, method: str, default, *args, **kwargs):
        try:
            return getattr(super(), method)(*args, **kwargs)
        except Exception as error:
            if method == "incr" and isinstance(error, ValueError):
                raise  # the documented "no such key" answer, not a failure
            log.warning("cache %s failed, answered as a miss: %r", method, error)
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


class ReusingRedisCacheClient(RedisCacheClient):
    """Django's client builds a new `redis.Redis` on every operation; with redis-py 8 that
    costs ~0.15 ms (it fills a table of ~170 response callbacks). One client per connection
    pool serves every operation (a client is thread-safe: it takes connections from the pool)."""

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        clients = self.__dict__.setdefault("_clients", {})
        client = clients.get(id(pool))
        if client is None:
            client = clients[id(pool)] = self._client(connection_pool=pool)
        return client


class ResilientRedisCache(SafeCacheMixin, RedisCache):
    """Redis as the shared cache of production and the tests."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient


class SafeFileBasedCache(SafeCacheMixin, FileBasedCache):
    """Files under var/: the cache `make run`'s web, worker and beat processes share."""


def schema_tag(*types) -> str:
    """A short tag that changes when any of `types` (dataclasses, models) changes shape: put
    in a cache key, a value written by an older version of a class is simply never read."""
    parts = []
    for kind in types:
        if dataclasses.is_dataclass(kind):
            fields = [f"{f.name}:{f.type}" for f in dataclasses.fields(kind)]
        elif isinstance(kind, type) and issubclass(kind, models.Model):
            fields = [f"{f.attname}:{f.get_internal_type()}" for f in kind._meta.concrete_fields]
        else:
            raise TypeError(f"not a dataclass or a model: {kind!r}")
        parts.append(f"{kind.__module__}.{kind.__qualname__}({','.join(fields)})")
    return hashlib.blake2b("|".join(parts).encode(), digest_size=4).hexdigest()


# --- Versions of cached work -----------------------------------------------------------
# Work derived from a piece of data is cached under that data's version: a random token,
# replaced whenever the data changes, so every rendering or computation keyed by the old
# token is simply never read again (and expires).


def _new_version() -> str:
    return secrets.token_hex(8)  # not the clock: two changes in one instant must differ


def data_version(name: str) -> str:
    """The current version of the data called `name` (say "training:42")."""
    return str(cache.get_or_set(f"version:{name}", _new_version, timeout=VERSION_SECONDS))


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
        cache.set(f"version:{name}", _new_version(), timeout=VERSION_SECONDS)

    bump()
    transaction.on_commit(bump)


# --- Read once per request ----------------------------------------------------------------
# A value every layer of one request reads (the thresholds in force: the form, the red-flag
# trail, the verdict and the card each ask) is read from the cache once per request. Outside
# a request (a task, a command, a test calling services) nothing is remembered.
_request_memo: ContextVar[dict | None] = ContextVar("request_memo", default=None)


class RequestMemoMiddleware:
    """Give each request its own empty memo, dropped when the request ends."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request_memo.set({})
        try:
            return self.get_response(request)
        finally:
            _request_memo.reset(token)


def once_per_request(key: str, compute):
    """`compute()`, remembered under `key` for the rest of the current request."""
    memo = _request_memo.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def request_forget(key: str) -> None:
    """The value under `key` changed in this request: read it again."""
    memo = _request_memo.get()
    if memo is not None:
        memo.pop(key, None)
