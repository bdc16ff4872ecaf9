"""The file store not answering: uploads and downloads say so with a 503, and nothing is half-stored."""

from unittest import mock

import pytest
from botocore.exceptions import EndpointConnectionError
from django.core.files.storage import FileSystemStorage

from publications.documents.storage import MESSAGE
from publications.models import PublicationDocument, PublicationImage

from .factories import DocumentFactory, PublicationPageFactory, make_pdf
from .helpers import upload_paths

pytestmark = pytest.mark.django_db

STORE_DOWN = EndpointConnectionError(endpoint_url="http://store.internal:8333/publications")


@pytest.mark.parametrize("post", upload_paths("document", "Report", "report.pdf"))
def test_an_upload_while_the_store_is_down_is_refused_with_a_message_and_nothing_kept(admin_client, post):
    with mock.patch.object(FileSystemStorage, "_save", side_effect=STORE_DOWN):
        response = post(admin_client, make_pdf(pages=2))
    assert response.status_code == 503
    assert MESSAGE in response.content.decode()
    assert response["Retry-After"] == "30"
    assert not PublicationDocument.objects.exists()
    assert not PublicationImage.objects.exists()


def test_a_download_while_the_store_is_down_is_a_503(client, index):
    url = PublicationPageFactory(parent=index, pdf=DocumentFactory()).pdf.url
    # Like the S3 store: no local path, so the file is opened through the store.
    with (
        mock.patch.object(FileSystemStorage, "path", side_effect=NotImplementedError),
        mock.patch.object(FileSystemStorage, "open", side_effect=STORE_DOWN),
        mock.patch.object(FileSystemStorage, "size", side_effect=STORE_DOWN),
    ):
        response = client.get(url)
    assert response.status_code == 503
    assert MESSAGE in response.content.decode()
