"""The scanner and probe classes against a real httpd, by class: version-
control, IDE and CI metadata; backup and editor copies of a script in
every suffix and form a scanner tries; server consoles and installers
left reachable; scanners' calibration probes (Nmap's service and case
checks, PHP's easter-egg GUIDs). Each is recorded with a rule of its
class; ordinary pages with the same words (a git smart-HTTP clone, a
sitemap.xml.gz, a download "report (1).pdf", installation docs) are not
recorded at all."""
import time

import header_blocks
import lwhttpd

import pytest


@pytest.fixture
def mpm():
    return "event"


# (request-target, rule id)
ATTACKS = [
    ("/.git/logs/HEAD", 700110),
    ("/.gitconfig", 700110),
    ("/_FOSSIL_", 700110),
    ("/BitKeeper/etc/config", 700110),
    ("/.idea/dataSources.xml", 700115),
    ("/.vscode/sftp.json", 700115),
    ("/.github/workflows/deploy.yml", 700115),
    ("/index.php_bak", 700130),
    ("/index.php.bak2", 700130),
    ("/index.php.2023", 700130),
    ("/index.php.~1~", 700130),
    ("/login.bak.php", 700130),
    ("/login.bak", 700130),
    ("/Copy%20of%20index.php", 700130),
    ("/index%20-%20Copy.php", 700130),
    ("/%23index.php%23", 700130),
    ("/manager/text/list", 700195),
    ("/system/console/bundles", 700195),
    ("/h2-console/", 700195),
    ("/CFIDE/administrator/index.cfm", 700195),
    ("/_cat/indices", 700195),
    ("/wp-admin/setup-config.php", 700195),
    ("/nice%20ports%2C/Tri%6Eity.txt%2ebak", 600140),
    ("/nmaplowercheck1701234567", 600140),
    ("/?=PHPE9568F34-D428-11d2-A769-00AA001ACF42", 600140),
]

BENIGN = [
    "/repo.git/info/refs?service=git-upload-pack",
    "/projects/linux.git/HEAD",
    "/sitemap.xml.gz",
    "/files/report%20(1).pdf",
    "/blog/old-town-walk.php",
    "/products/gold.php",
    "/docs/installation.php",
    "/manager/dashboard",
    "/idea-board/submit",
    "/.well-known/security.txt",
    "/blog/nmap-tutorial-for-beginners.html",
    "/?q=php+easter+egg+PHPE9568F34",
    "/static/js/main.chunk.js.map",
    # a synced tree in Nextcloud/ownCloud WebDAV: the user's own files
    "/remote.php/dav/files/alice/code/app/.git/config",
    "/remote.php/webdav/Backup/home/.bash_history",
]


def test_scanner_and_probe_classes(httpd_factory):
    h = httpd_factory()
    hdrs = [("Host", "localhost"), ("User-Agent", header_blocks.CHROME_UA)]
    for t in BENIGN:
        h.request("GET %s HTTP/1.1" % t, hdrs)
    for t, _rid in ATTACKS:
        h.request("GET %s HTTP/1.1" % t, hdrs)
    h.wait_records(len(ATTACKS), pred=lwhttpd.is_attack)
    time.sleep(0.3)
    recs = [r for r in h.records() if lwhttpd.is_attack(r)]
    assert [r["uri"] for r in recs] == [t for t, _ in ATTACKS], \
        [(r["uri"], [x["id"] for x in r["rules"]]) for r in recs]
    for rec, (t, rid) in zip(recs, ATTACKS):
        lwhttpd.check_record(rec)
        assert rid in [x["id"] for x in rec["rules"]], (t, rec["rules"])
        assert {"scanner", "probe"} & set(rec["categories"]), rec
