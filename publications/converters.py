"""URL converters: ``<id:…>`` takes only ids the database can hold, so a longer one is a 404, not an overflow."""

from django.urls.converters import IntConverter


class DatabaseIdConverter(IntConverter):
    # 18 digits stay below 2**63 - 1, the largest id PostgreSQL and SQLite store.
    regex = "[0-9]{1,18}"
