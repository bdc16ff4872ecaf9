"""Serving files to readers under the release rule: nothing under MEDIA_ROOT is served directly.

PDFs go through Wagtail's own document view, which keeps its ETag, 304s, HEAD and security
headers; ``embargo`` runs as its ``before_serve_document`` hook, and ``serve`` adds what depends
on the release to the response. Image renditions go through ``serve_rendition``; originals are
never served.
"""

import mimetypes
import posixpath

from django.http import FileResponse, Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404
from django.utils.cache import get_conditional_response
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_safe
from wagtail.documents.permissions import permission_policy
from wagtail.documents.views import serve as wagtail_serve
from wagtail.images.permissions import permission_policy as image_permission_policy

from .models import PublicationDocument, PublicationImageRendition
from .release import is_released, releasing_page

SAFE_METHODS = ["GET", "HEAD"]
RENDITIONS = "images"
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


@require_safe
def serve_rendition(request, image_id, filename):
    """A rendition of an image readers may see; users who may change or choose images see any."""
    if "\x00" in filename:
        raise Http404("There is no such image.")  # and PostgreSQL cannot even look for it
    renditions = PublicationImageRendition.objects.select_related("image").filter(image_id=image_id)
    rendition = get_object_or_404(renditions, file=posixpath.join(RENDITIONS, filename))
    released = is_released(rendition.image)
    if not released and not image_permission_policy.user_has_any_permission(request.user, ["change", "choose"]):
        raise Http404("This image is not published.")
    # Revalidate every time, as for PDFs: an image withdrawn with its page stops being served at once.
    cache_control = "no-cache" if released else "private, no-store"
    etag = f'"{rendition.pk}-{rendition.image.file_hash or rendition.image.pk}"'
    response = get_conditional_response(request, etag=etag)
    if response is None:
        content_type = mimetypes.guess_type(filename)[0] or "application/octet-stream"
        response = FileResponse(rendition.file.open("rb"), content_type=content_type)
        response["ETag"] = etag
    response["Cache-Control"] = cache_control
    return response
