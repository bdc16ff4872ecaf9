"""Serving PDFs with Wagtail's own document view: embargoed until released, counted when downloaded.

Wagtail's view keeps its ETag, 304s, HEAD and security headers; ``embargo`` runs as its
``before_serve_document`` hook, and ``serve`` adds what depends on the release to the response.
"""

from django.http import Http404, HttpResponseNotAllowed
from django.utils.http import content_disposition_header
from wagtail.documents.permissions import permission_policy
from wagtail.documents.views import serve as wagtail_serve

from .models import PublicationDocument
from .release import releasing_page

SAFE_METHODS = ["GET", "HEAD"]
# Where the hook leaves the page that released the document, for ``serve`` to read.
RELEASED_BY = "publications_released_by"


def embargo(document, request):
    """A 404 for readers until a live, public page releases ``document``; users who may change
    documents can always open it."""
    if request.method not in SAFE_METHODS:
        return HttpResponseNotAllowed(SAFE_METHODS)
    page = releasing_page(document)
    if page is None and not permission_policy.user_has_permission(request.user, "change"):
        raise Http404("This document is not published.")
    setattr(request, RELEASED_BY, page)
    return None


def serve(request, document_id, document_filename):
    """Wagtail's document view, then the headers that depend on the release, and the download count."""
    response = wagtail_serve.serve(request, document_id, document_filename)
    if not hasattr(request, RELEASED_BY):
        return response  # refused before the release was checked
    page = getattr(request, RELEASED_BY)
    if response.get("Content-Encoding") == "None":
        # Wagtail's sendfile sets the header from mimetypes' guess, which is None for a PDF.
        del response["Content-Encoding"]
    # Revalidate every time, so a PDF stops being served by caches as soon as its page is unpublished.
    response["Cache-Control"] = "no-cache" if page else "private, no-store"
    if response.status_code != 200:
        return response
    if page and not page.in_body:
        # Named after its publication rather than whatever the uploaded file was called.
        response["Content-Disposition"] = content_disposition_header(True, f"{page.slug}.pdf")
    if page and request.method == "GET":
        PublicationDocument.objects.count_download(document_id)
    return response
