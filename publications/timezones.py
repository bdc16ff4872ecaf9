"""The site's time zone, in which editors read and enter every date."""

import zoneinfo

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format


def site_time_zone():
    return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def time_zone_label():
    """How dates in the admin are labelled, e.g. "Pacific time (America/Vancouver)"."""
    return f"{settings.PUBLICATIONS_TIME_ZONE_NAME} ({settings.TIME_ZONE})"


def local_datetime(value, with_zone=False):
    """``value`` in the site's time zone as editors read it: "Mon 1 Dec 2026, 9:00 a.m." (then "PST")."""
    # Formatted here, not with the template's date filter, which would convert to the request's time zone.
    return date_format(
        timezone.localtime(value, site_time_zone()), "D j M Y, g:i a T" if with_zone else "D j M Y, g:i a"
    )
