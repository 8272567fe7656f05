"""Fixtures for the integration tests against a real httpd.

    def test_x(httpd_factory):            # parametrised over event, prefork
        h = httpd_factory(extra="LogWatchRecordErrors On")
        ...                               # started; stopped and removed after

Reused by the reliability, live-defense and summarizer tests: import
lwhttpd for the helpers (seed_requests, raw_request, check_record...).
"""
import os
import sys
import tempfile

import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lwhttpd  # noqa: E402

MPMS = [m for m in os.environ.get("LW_MPMS", "event prefork").split() if m]

# Checks a test could not make in this configuration (a memory bound under
# ASan): listed at the end of the run as "NOT CHECKED: ...", where
# scripts/test-all.sh shows them, instead of passing in silence. Kept in a
# file that the controlling process names, so that lines noted by
# pytest-xdist workers (other processes) reach its summary too.
_NOT_CHECKED_ENV = "LW_NOT_CHECKED_FILE"


def pytest_configure(config):
    if hasattr(config, "workerinput"):      # an xdist worker: the file is named
        return
    fd, path = tempfile.mkstemp(prefix="lw-not-checked-")
    os.close(fd)
    os.environ[_NOT_CHECKED_ENV] = path


def not_checked(what):
    with open(os.environ[_NOT_CHECKED_ENV], "a", encoding="utf-8") as f:
        f.write(what.replace("\n", " ") + "\n")


def pytest_terminal_summary(terminalreporter):
    path = os.environ.get(_NOT_CHECKED_ENV)
    if hasattr(terminalreporter.config, "workerinput") or not path or not os.path.exists(path):
        return
    with open(path, encoding="utf-8") as f:
        lines = set(f.read().splitlines())
    os.unlink(path)
    for what in sorted(lines):
        terminalreporter.write_line("NOT CHECKED: %s" % what)


def _require_httpd():
    if not os.access(lwhttpd.APACHE2, os.X_OK):
        pytest.fail("%s not found: install apache2 (or set LW_APACHE2)"
                    % lwhttpd.APACHE2)
    if not os.path.exists(lwhttpd.module_path()):
        pytest.fail("%s not found: build first and set LW_BUILDDIR"
                    % lwhttpd.module_path())


@pytest.fixture(params=MPMS)
def mpm(request):
    return request.param


@pytest.fixture
def httpd_factory(mpm):
    """Make and start private servers under the current MPM; every one is
    stopped and its ServerRoot removed after the test (LW_KEEP=1 keeps it).
    Pass start=False to get a configured server that is not started."""
    _require_httpd()
    made = []

    def make(start=True, **kw):
        kw.setdefault("mpm", mpm)
        h = lwhttpd.Httpd(**kw)
        made.append(h)
        if start:
            h.start()
        return h

    yield make
    crashed = []
    for h in made:
        h.stop()
        crashed += h.crashes()
        h.cleanup()
    assert not crashed, "httpd processes died:\n" + "\n".join(crashed)


@pytest.fixture
def httpd(httpd_factory):
    """A started server with the shipped signatures and a file attack log."""
    return httpd_factory()


@pytest.fixture(scope="session")
def seed():
    path = lwhttpd.corpus("seed", "seed_requests.log")
    if not os.path.exists(path):
        pytest.fail("seed corpus not found at %s (set LW_SHARED or LW_CORPUS)" % path)
    return lwhttpd.seed_requests(path)
