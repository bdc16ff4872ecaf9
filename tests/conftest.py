import pytest

from .factories import build_site, member_of


@pytest.fixture
def index(db):
    """The publications index under a home page that is the default site's root."""
    return build_site()


@pytest.fixture
def home(index):
    return index.get_parent().specific


@pytest.fixture
def staff_client(client):
    """Logged in as Communications staff: they write and submit, but cannot publish."""
    client.force_login(member_of("Communications staff"))
    return client


@pytest.fixture
def editor_client(client):
    """Logged in as an Editor: they publish, schedule and approve."""
    client.force_login(member_of("Editors"))
    return client
