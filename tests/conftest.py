import pytest

from publications.editorial.roles import EDITORS, STAFF

from .factories import build_site, member_of


@pytest.fixture
def index(db):
    """The publications index under a home page that is the default site's root."""
    return build_site()


@pytest.fixture
def home(index):
    return index.get_parent().specific


@pytest.fixture
def staff(db):
    """A member of Communications staff: they write and submit, but cannot publish."""
    return member_of(STAFF)


@pytest.fixture
def editor(db):
    """An Editor: they publish, schedule and approve."""
    return member_of(EDITORS)


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client
