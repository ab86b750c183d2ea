"""The cache backend alone, with nothing listening where Redis should be (no services needed)."""

import time

import pytest

from common.cache import FailSoftRedisCache

from .harness import free_port


@pytest.fixture
def cache_without_redis():
    return FailSoftRedisCache(f"redis://127.0.0.1:{free_port()}/0", {"OPTIONS": {}})


def test_reads_and_writes_fall_back_to_process_memory(cache_without_redis):
    cache = cache_without_redis
    start = time.monotonic()

    assert cache.get("missing") is None
    assert cache.add("count", 1) is True
    assert cache.incr("count") == 2
    cache.set_many({"a": 1, "b": 2})

    assert cache.get_many(["a", "b", "count"]) == {"a": 1, "b": 2, "count": 2}
    assert time.monotonic() - start < 1
    assert not cache.redis_available  # not tried again for a while
    with pytest.raises(ValueError):
        cache.incr("never-set")  # the same contract as Redis: incr needs the key


def test_redis_is_tried_again_after_the_pause():
    cache = FailSoftRedisCache(
        f"redis://127.0.0.1:{free_port()}/0", {"OPTIONS": {"RETRY_AFTER": 0}}
    )
    cache.get("x")
    assert cache.redis_available


def test_one_redis_client_serves_every_call(cache_without_redis):
    # Django's client would build a new redis.Redis (and its callback table) for each call.
    client = cache_without_redis._cache
    assert client.get_client("a") is client.get_client("b", write=True)
