"""The file store out of reach: an S3 bucket that does not answer gets a clear 503, not a server error.

An upload that fails this way has stored nothing: its rows roll back with it (``uploads.upload_transaction``),
and the file never reached the store. Pages from the page cache or a front cache do not need the store.
"""

import logging

from botocore.exceptions import ClientError, HTTPClientError
from botocore.exceptions import ConnectionError as StoreConnectionError
from django.http import HttpResponse
from django.utils.html import format_html

logger = logging.getLogger(__name__)

MESSAGE = "The file store is not answering, so nothing was saved or sent. Please try again in a few minutes."
RETRY_AFTER_SECONDS = 30


def is_store_unavailable(exception):
    """Whether ``exception`` says the store could not be reached or failed on its side (a 5xx)."""
    if isinstance(exception, StoreConnectionError | HTTPClientError):
        return True
    if isinstance(exception, ClientError):
        return exception.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0) >= 500
    return False


class StorageUnavailableMiddleware:
    """Turns the store's connection errors into a 503 that says what happened, for editors and readers alike."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_store_unavailable(exception):
            return None
        logger.error("File store unavailable during %s %s: %s", request.method, request.path, exception)
        response = HttpResponse(
            format_html("<!doctype html><title>Try again shortly</title><h1>Try again shortly</h1><p>{}</p>", MESSAGE),
            status=503,
        )
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        response["Cache-Control"] = "no-store"
        return response
