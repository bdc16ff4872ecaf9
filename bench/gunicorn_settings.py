"""The bench's gunicorn: production settings over plain HTTP (config.settings.audit), with every cache key under the
run's own prefix, so that a run in a shared Redis neither reads nor leaves behind anyone else's entries."""

import os

from config.settings.audit import *  # noqa: F403

for _cache in globals().get("CACHES", {}).values():
    _cache["KEY_PREFIX"] = os.environ["BENCH_CACHE_PREFIX"] + _cache.get("KEY_PREFIX", "")
