"""The site-wide content version: a token that any change a reader could see replaces (publications.readers.
page_cache connects the changes). What depends only on the content is kept in the shared cache under it, and
so is never stale: the page cache, the menu, the index's facet counts."""

import uuid

from django.core.cache import cache

VERSION_KEY = "page-cache:version"


def content_version():
    version = cache.get(VERSION_KEY)
    if version is None:
        version = new_version()
    return version


def new_version():
    version = uuid.uuid4().hex
    cache.set(VERSION_KEY, version, None)
    return version


def cached(key, compute):
    """``compute()``, kept in the cache under ``key`` until the content changes."""
    versioned_key = f"{key}:{content_version()}"
    value = cache.get(versioned_key)
    if value is None:
        value = compute()
        cache.set(versioned_key, value, None)
    return value
