"""`make test-stack`: the production shape started with bin/stack.py, tested from outside over HTTP, and stopped.

Content is changed the way people change it: an editor logs in to app server A's admin, and uploads, publishes and
unpublishes there. Only what has no admin form of its own (a draft page to publish) is made with the ORM, in a
``manage.py shell`` of the stack's own settings.
"""

import os
import subprocess
import sys
import time

import pytest

from .helpers import ROOT

sys.path.insert(0, str(ROOT / "bin"))

from stack import Stack


def pytest_collection_modifyitems(items):
    for item in items:
        item.add_marker(pytest.mark.stack)


@pytest.fixture(scope="session")
def stack():
    """The stack, started by the project's own script for the session and stopped after it, whatever happened.
    With TEST_STACK_RUNNING=1 the tests use a stack already up (bin/stack.py up) and leave it running."""
    if os.environ.get("TEST_STACK_RUNNING") == "1":
        yield Stack()
        return
    try:
        Stack().refuse_if_running()  # someone's `make stack`: neither reuse nor stop it
    except SystemExit as refusal:
        pytest.fail(str(refusal))
    script = [sys.executable, str(ROOT / "bin" / "stack.py")]
    started = time.monotonic()
    try:
        subprocess.run([*script, "up"], cwd=ROOT, check=True)
        print(f"\n[stack] up in {time.monotonic() - started:.0f} s")
        yield Stack()
    finally:
        stopped = time.monotonic()
        subprocess.run([*script, "down"], cwd=ROOT, check=True)
        print(f"\n[stack] down in {time.monotonic() - stopped:.0f} s")
