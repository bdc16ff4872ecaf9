"""The editorial roles, made as groups by migration 0004: Communications staff write, Editors decide."""

from wagtail.permissions import page_permission_policy

STAFF = "Communications staff"
EDITORS = "Editors"


def can_edit_pages(user):
    return page_permission_policy.user_has_any_permission(user, {"change", "publish"})
