"""Editors decide what readers see: the documents and images that live or scheduled pages use, and
scheduled pages themselves, are deleted or replaced only by those who may publish.

Wagtail keeps one permission policy object for documents and one for images, and its views,
bulk actions and choosers each import it; it has no registry to swap them (RFC 102 is pending).
``review_media_changes`` turns those two objects into ``ReviewedMediaPolicy`` in place, so
that every way to delete a file obeys the same rule.
"""

from django.shortcuts import redirect
from wagtail.admin import messages
from wagtail.documents import permissions as document_permissions
from wagtail.images import permissions as image_permissions
from wagtail.models import Page, Revision
from wagtail.permission_policies.collections import CollectionOwnershipPermissionPolicy
from wagtail.permissions import page_permission_policy

from publications.documents.models import PublicationDocument
from publications.documents.release import pages_showing


def decides_what_readers_see(user):
    """Editors: users who may publish pages."""
    return page_permission_policy.user_has_permission(user, "publish")


def may_withdraw(user, instance):
    """Whether ``user`` may delete, or replace the file of, ``instance``, a document or an image:
    an editor always, anyone else only while no live or scheduled page uses it."""
    return decides_what_readers_see(user) or not pages_showing(instance)


def describe_pages(pages):
    """ "“A report” (live) and “Brief 5” (scheduled)"."""
    names = [f"“{page.get_admin_display_title()}” ({'live' if page.live else 'scheduled'})" for page in pages]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


class ReviewedMediaPolicy(CollectionOwnershipPermissionPolicy):
    """Wagtail's policy for documents and images, with a stricter delete.

    Wagtail lets whoever may change a file delete it. Here deleting takes the delete permission
    (Editors have it) or being the one who uploaded it, and, for a file that readers see or will
    see when a scheduled page goes live, an editor. Staff still edit any file's title and tags.
    """

    def user_has_any_permission_for_instance(self, user, actions, instance):
        # Wagtail's user_has_permission_for_instance asks this too.
        if "delete" in actions and not self.may_delete(user, instance):
            actions = [action for action in actions if action != "delete"]
        return bool(actions) and super().user_has_any_permission_for_instance(user, actions, instance)

    def may_delete(self, user, instance):
        uploaded = getattr(instance, self.owner_field_name) == user
        return (uploaded or self._check_perm(user, ["delete"], collection=instance.collection)) and may_withdraw(
            user, instance
        )


class ReviewedImagePolicy(ReviewedMediaPolicy):
    """The same for images; and page 1 of a PDF is not an ordinary image: it stays with its PDF, out of
    the image library and the chooser, and goes when the PDF goes."""

    def instances_user_has_any_permission_for(self, user, actions):
        first_pages = PublicationDocument.objects.filter(thumbnail__isnull=False).values("thumbnail")
        return super().instances_user_has_any_permission_for(user, actions).exclude(pk__in=first_pages)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        if PublicationDocument.objects.filter(thumbnail=instance).exists():
            return False
        return super().user_has_any_permission_for_instance(user, actions, instance)


def review_media_changes():
    document_permissions.permission_policy.__class__ = ReviewedMediaPolicy
    image_permissions.permission_policy.__class__ = ReviewedImagePolicy


def scheduled_pages(pages):
    """Those of ``pages``, or of their descendants, with a scheduled go-live."""
    paths = [page.path for page in pages]
    scheduled_ids = Revision.page_revisions.filter(approved_go_live_at__isnull=False).values_list(
        "object_id", flat=True
    )
    in_trees = Page.objects.none()
    for path in paths:
        in_trees |= Page.objects.filter(path__startswith=path)
    return list(in_trees.filter(pk__in=[int(pk) for pk in scheduled_ids]).order_by("path"))


def refuse_deleting_scheduled_pages(request, pages):
    """A redirect with an explanation when a user who may not publish tries to delete scheduled pages,
    or pages with scheduled pages under them (Wagtail already keeps them from deleting live ones);
    None when they may."""
    if decides_what_readers_see(request.user):
        return None
    scheduled = scheduled_pages(pages)
    if not scheduled:
        return None
    titles = [f"“{page.get_admin_display_title()}”" for page in scheduled]
    named = titles[0] if len(titles) == 1 else ", ".join(titles[:-1]) + " and " + titles[-1]
    one = len(scheduled) == 1
    messages.error(
        request,
        f"{named} {'is' if one else 'are'} scheduled to go live: only an editor can delete "
        f"{'it' if one else 'them'}. Ask an editor to unschedule or delete {'it' if one else 'them'}.",
    )
    return redirect("wagtailadmin_explore", pages[0].get_parent().pk)


def before_delete_page(request, page):
    """The ``before_delete_page`` hook, on the confirmation and on the deletion itself."""
    return refuse_deleting_scheduled_pages(request, [page])


def before_bulk_action(request, action_type, objects, action):
    """The ``before_bulk_action`` hook: the same rule for deleting pages from the listing."""
    if action_type == "delete" and Page in action.models:
        return refuse_deleting_scheduled_pages(request, objects)
    return None
