"""What many tests share: query counts, page states, the admin's refusal, admin form data and uploads."""

import datetime
import mimetypes

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageViewRestriction
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from .factories import PublicationPageFactory

# Query counts


def queries_for(client, url, **params):
    """The SQL queries of a second GET of ``url``, after a first has filled the caches and written the renditions."""
    client.get(url, params)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return [query["sql"] for query in queries]


def count_queries(client, url, **params):
    """How many SQL queries a second GET of ``url`` runs."""
    return len(queries_for(client, url, **params))


# Page states: a live page, and the states in which readers must never see a page


def publish(page):
    """Publish ``page``'s current fields as a new revision, as an editor's "Publish" does."""
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def schedule(page, go_live_at=None):
    """Publish ``page`` with a go-live time, two days from now unless given: a draft stays unpublished until then."""
    page.go_live_at = go_live_at or timezone.now() + datetime.timedelta(days=2)
    return publish(page)


def unpublish(page):
    """Publish ``page``, then unpublish it, as an editor withdrawing it does."""
    publish(page)
    page.unpublish()
    return page


def make_private(page):
    """Restrict ``page`` to logged-in users."""
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    return page


def expire(page):
    """Publish ``page`` with an expiry an hour ago and mark it expired, as the scheduler does."""
    page.expire_at = timezone.now() - datetime.timedelta(hours=1)
    publish(page)
    page.live, page.expired = False, True
    page.save()
    return page


def submit_for_review(page, user):
    """Save ``page`` as ``user``'s draft and start the editorial workflow, as "Submit to Editorial review" does."""
    page.save_revision(user=user)
    page.get_workflow().start(page, user)
    return page


STATES = {
    "live": publish,
    "draft": lambda page: page,
    "scheduled": schedule,
    "unpublished": unpublish,
    "private": make_private,
    "expired": expire,
}
HIDDEN_STATES = [state for state in STATES if state != "live"]


def page_in_state(state, factory=PublicationPageFactory, **fields):
    """A page made by ``factory`` with ``fields``, then put in ``state``, one of STATES."""
    return STATES[state](factory(live=state != "draft", **fields))


# The admin's refusal


def assert_denied(response):
    """Wagtail's admin answers PermissionDenied by sending the user to the dashboard with an error."""
    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_home")


# Admin form data that Wagtail's own `form_data` module lacks


def list_block(values):
    """Form data for a ListBlock holding ``values``, for use inside `nested_form_data`."""
    data = {str(i): {"value": value, "deleted": "", "order": str(i), "id": ""} for i, value in enumerate(values)}
    data["count"] = str(len(values))
    return data


def publication_form(page=None, related=(), **fields):
    """POST data for the publication edit or create form, with ``fields`` overriding the page's values."""
    data = {
        "title": page.title if page else "A new publication",
        "slug": page.slug if page else "a-new-publication",
        "publication_date": str(page.publication_date) if page else "2021-03-01",
        "summary": page.summary if page else "What the publication is about.",
        "body": streamfield([]),
        "authors": inline_formset([]),
        "related_links": inline_formset([{"publication": p.pk} for p in related]),
    }
    data.update(fields)
    return nested_form_data(data)


# The admin's three ways to upload a document or an image


def uploaded(data, name):
    """``data`` as a browser uploads it in a file called ``name``, its type guessed from the name."""
    return SimpleUploadedFile(name, data, content_type=mimetypes.guess_type(name)[0])


def upload_paths(kind, title, name):
    """The add view, the chooser's upload tab and multiple upload for ``kind`` ("document" or "image"),
    each a function ``post(client, data, title=…, name=…)`` named after its path."""

    def post_admin(client, data, title=title, name=name):
        return client.post(f"/admin/{kind}s/add/", {"title": title, "file": uploaded(data, name), "collection": 1})

    def post_chooser(client, data, title=title, name=name):
        prefix = f"{kind}-chooser-upload"
        fields = {f"{prefix}-title": title, f"{prefix}-file": uploaded(data, name), f"{prefix}-collection": 1}
        return client.post(f"/admin/{kind}s/chooser/create/", fields)

    def post_multiple(client, data, title=None, name=name):
        """Multiple upload titles each file with its name, so ``title`` is not sent."""
        return client.post(f"/admin/{kind}s/multiple/add/", {"files[]": uploaded(data, name), "collection": 1})

    paths = (post_admin, post_chooser, post_multiple)
    for path in paths:
        path.__name__ = path.__name__.replace("post_", f"post_{kind}_")
    return paths
