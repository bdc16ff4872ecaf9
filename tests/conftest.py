import pytest

from .factories import build_site


@pytest.fixture
def index(db):
    """The publications index under a home page that is the default site's root."""
    return build_site()


@pytest.fixture
def home(index):
    return index.get_parent().specific
