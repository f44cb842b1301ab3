"""A Redis cache that degrades instead of failing when Redis is unreachable.

Everything the app keeps in the cache can be recomputed (thresholds) or safely skipped
for a moment (rate-limit counters), so a Redis outage must not turn pages into 500s.
"""

import logging

from django.core.cache.backends.redis import RedisCache
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
