"""Redis as Django's cache, failing soft: an outage costs a short timeout, never a 500.

Redis holds what the site can live without for a while: cached counts and rate-limit counters
(allauth's and the contact form's). When Redis is down or hangs, each call gives up after a
fraction of a second and is answered by a local-memory cache in this process instead; for the
next few seconds Redis is not even tried, so a page that makes ten cache calls does not wait
ten times. Rate limits therefore keep working while Redis is away, counted per process: a
local limit, stricter per process than none at all.
"""

import logging
import time

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.backoff import NoBackoff
from redis.exceptions import RedisError
from redis.retry import Retry

logger = logging.getLogger(__name__)

# Errors that mean "Redis is not answering", as opposed to a bug in the caller.
UNAVAILABLE = (RedisError, OSError)
DEFAULT_SOCKET_TIMEOUT = 0.25
DEFAULT_RETRY_AFTER = 5.0


class ReusedClientRedisCacheClient(RedisCacheClient):
    """Django's client builds a new `redis.Redis` for every call, and its constructor fills a
    table of some 170 response callbacks: a third of the time of a cached page. One client per
    connection pool serves every call (it is thread-safe; the pool hands out connections)."""

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        clients = self.__dict__.setdefault("_clients", {})
        if index not in clients:
            clients[index] = self._client(connection_pool=self._get_connection_pool(write))
        return clients[index]


class FailSoftRedisCache(RedisCache):
    """django's RedisCache with short socket timeouts and a local fallback.

    OPTIONS may set `socket_timeout` and `socket_connect_timeout` (seconds, default 0.25) and
    `RETRY_AFTER` (seconds to use the fallback before trying Redis again, default 5).
    """

    def __init__(self, server, params):
        params = {**params, "OPTIONS": dict(params.get("OPTIONS") or {})}
        options = params["OPTIONS"]
        self.retry_after = float(options.pop("RETRY_AFTER", DEFAULT_RETRY_AFTER))
        options.setdefault("socket_timeout", DEFAULT_SOCKET_TIMEOUT)
        options.setdefault("socket_connect_timeout", DEFAULT_SOCKET_TIMEOUT)
        # One try per call: a retry would double the wait when Redis hangs.
        options.setdefault("retry", Retry(NoBackoff(), 0))
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient
        self.fallback = LocMemCache(
            f"fail-soft-{id(self)}",
            {"TIMEOUT": params.get("TIMEOUT", 300), "KEY_PREFIX": params.get("KEY_PREFIX", "")},
        )
        self._skip_redis_until = 0.0

    @property
    def redis_available(self) -> bool:
        return time.monotonic() >= self._skip_redis_until

    def _call(self, name, *args, **kwargs):
        if self.redis_available:
            try:
                return getattr(super(), name)(*args, **kwargs)
            except UNAVAILABLE as exc:
                self._skip_redis_until = time.monotonic() + self.retry_after
                logger.warning(
                    "Cache unavailable (%s); using this process's memory for %gs: %r",
                    name,
                    self.retry_after,
                    exc,
                )
        return getattr(self.fallback, name)(*args, **kwargs)

    def add(self, *args, **kwargs):
        return self._call("add", *args, **kwargs)

    def get(self, *args, **kwargs):
        return self._call("get", *args, **kwargs)

    def set(self, *args, **kwargs):
        return self._call("set", *args, **kwargs)

    def touch(self, *args, **kwargs):
        return self._call("touch", *args, **kwargs)

    def delete(self, *args, **kwargs):
        return self._call("delete", *args, **kwargs)

    def get_many(self, *args, **kwargs):
        return self._call("get_many", *args, **kwargs)

    def has_key(self, *args, **kwargs):
        return self._call("has_key", *args, **kwargs)

    def incr(self, *args, **kwargs):
        return self._call("incr", *args, **kwargs)

    def set_many(self, *args, **kwargs):
        return self._call("set_many", *args, **kwargs)

    def delete_many(self, *args, **kwargs):
        return self._call("delete_many", *args, **kwargs)

    def clear(self):
        self.fallback.clear()
        return self._call("clear")
