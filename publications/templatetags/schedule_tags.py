"""Admin dates as editors read them: in the site's time zone, saying which (for the page editor's Status panel)."""

from django import template

from publications import timezones

register = template.Library()


@register.filter
def site_datetime(value):
    """``value`` like "Mon 1 Dec 2026, 9:00 a.m. PST"; empty for no date, so ``{% if %}`` tests still work."""
    return timezones.local_datetime(value, with_zone=True) if value else ""


@register.simple_tag
def time_zone_label():
    """The site's time zone, e.g. "Pacific time (America/Vancouver)"."""
    return timezones.time_zone_label()
