"""What the page editor says when an editor's publish or approval schedules a page: when it goes live, and in
which time zone, in place of Wagtail's "has been updated" or "has been scheduled for publishing"."""

from django.contrib import messages as django_messages
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from wagtail.admin import messages

from publications.timezones import local_datetime


def scheduling_action(request):
    """The edit view's action that may schedule the page, "publish" or "approve", if the request is one."""
    if request.method != "POST":
        return None
    if request.POST.get("action-publish"):
        return "publish"
    if request.POST.get("action-workflow-action") and request.POST.get("workflow-action-name") == "approve":
        return "approve"
    return None


def scheduled_go_live(page):
    """When ``page``'s newest revision goes live, if it is approved to go live in the future."""
    go_live_at = page.revisions.order_by("-created_at", "-id").values_list("approved_go_live_at", flat=True).first()
    return go_live_at if go_live_at and go_live_at > timezone.now() else None


def scheduled_message(page, action, go_live_at):
    title = page.get_admin_display_title()
    done = "approved" if action == "approve" else "saved"
    message = f"‘{title}’ {done}. Scheduled to go live on {local_datetime(go_live_at, with_zone=True)}."
    if page.live:
        message += " Readers see the live version until then."
    return message


def drop_page_success_messages(request, page):
    """Remove the success messages this request queued about ``page``: Wagtail's own for the action."""
    title = escape(page.get_admin_display_title())
    storage = django_messages.get_messages(request)
    # Iterating marks the queued messages as read; the ones put back are stored again.
    kept = [m for m in storage if not (m.level == django_messages.SUCCESS and title in m.message)]
    for message in kept:
        storage.add(message.level, message.message, message.extra_tags)


def say_when_scheduled(request, page):
    """``after_edit_page``: when publishing or approving scheduled the page, say when it goes live."""
    action = scheduling_action(request)
    go_live_at = action and scheduled_go_live(page)
    if not go_live_at:
        return
    drop_page_success_messages(request, page)
    edit = messages.button(reverse("wagtailadmin_pages:edit", args=[page.pk]), "Edit")
    messages.success(request, scheduled_message(page, action, go_live_at), buttons=[edit])
