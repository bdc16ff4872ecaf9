"""Serving publication PDFs: embargoed until a live, public page uses them, counted when downloaded."""

from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.cache import get_conditional_response
from django.views.decorators.http import require_safe
from wagtail import hooks
from wagtail.documents.models import document_served
from wagtail.documents.permissions import permission_policy

from .models import PublicationDocument, PublicationPage


@require_safe
def serve_document(request, document_id, document_filename):
    """The PDF for readers once its publication is live; editors may open it before then."""
    document = get_object_or_404(PublicationDocument, id=document_id)
    if document.filename != document_filename:
        raise Http404("This document does not match the given filename.")
    publication_slug = (
        PublicationPage.objects.live().public().filter(pdf=document).values_list("slug", flat=True).first()
    )
    released = publication_slug is not None
    if not released and not permission_policy.user_has_permission(request.user, "change"):
        raise Http404("This document is not published.")

    for hook in hooks.get_hooks("before_serve_document"):
        result = hook(document, request)
        if isinstance(result, HttpResponse):
            return result

    etag = f'"{document.get_file_hash()}"'
    not_modified = get_conditional_response(request, etag=etag)
    if not_modified is not None:
        not_modified["Cache-Control"] = "no-cache" if released else "private, no-store"
        return not_modified

    response = FileResponse(
        document.file.storage.open(document.file.name, "rb"),
        as_attachment=True,
        filename=f"{publication_slug or document.filename.rsplit('.', 1)[0]}.pdf",
        content_type="application/pdf",
    )
    response["ETag"] = etag
    # Revalidate every time, so an unpublished PDF stops being served by caches at once.
    response["Cache-Control"] = "no-cache" if released else "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'"
    response["X-Content-Type-Options"] = "nosniff"
    if released and request.method == "GET":
        PublicationDocument.objects.count_download(document.pk)
    document_served.send(sender=PublicationDocument, instance=document, request=request)
    return response
