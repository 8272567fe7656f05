"""The engine's work budget in a real httpd: a long traversal that wakes
many rules is cut once settled, and the record says so; where
LogWatchExclude applies every rule runs, so excluding the hits a cut
record kept leaves the request flagged by the rules the budget skipped.

Run:  LW_BUILDDIR=/path/to/build LW_SRCDIR=/path/to/src \
      /usr/bin/python3 -m pytest -q test/integration/test_budget.py
"""
import time
import urllib.parse

import lwhttpd

# 1.2 KiB of "./" then a system file: most lfi rules match it.
TRAVERSAL = "/x.php?id=" + ".%2F" * 300 + "etc%2Fpasswd"


def test_budget_cut_and_exclude(httpd):
    httpd.get("/plain" + TRAVERSAL)
    cut = httpd.wait_for(lambda r: r["uri"].startswith("/plain/"))
    assert cut is not None
    assert cut.get("stopped") == "budget"
    assert "lfi" in cut["categories"]
    kept = " ".join(str(r["id"]) for r in cut["rules"])
    httpd.extra = f"""
<Location /bx>
    LogWatchExclude {kept}
</Location>
"""
    httpd.write_conf()
    httpd.graceful()
    httpd.get("/bx" + TRAVERSAL)
    httpd.get("/after" + TRAVERSAL)
    assert httpd.wait_for(lambda r: r["uri"].startswith("/after/"))
    time.sleep(0.3)
    recs = [r for r in httpd.records() if lwhttpd.is_attack(r)]
    bx = [r for r in recs if r["uri"].startswith("/bx/")]
    # flagged by rules the cut record did not list, evaluated whole
    assert len(bx) == 1
    assert "stopped" not in bx[0]
    assert not set(kept.split()) & {str(r["id"]) for r in bx[0]["rules"]}
    assert "lfi" in bx[0]["categories"]
    # elsewhere the budget still cuts
    after = [r for r in recs if r["uri"].startswith("/after/")]
    assert len(after) == 1 and after[0].get("stopped") == "budget"


def _redirect(n):
    """/wp-login.php?redirect_to= an OAuth authorize URL of n bytes (its
    state a signed token), percent-encoded as a login form sends it."""
    url = ("https://login.example-idp.com/oauth2/v2.0/authorize?client_id="
           "6731de76-14a6-49ae-97bc-6eba6914391e&response_type=code"
           "&redirect_uri=https://shop.example.org/openid-connect/callback"
           "&response_mode=query&scope=openid+profile+email+offline_access"
           "&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
           "&code_challenge_method=S256&state=")
    b64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    k = 0
    while len(url) < n:
        url += "." if k % 97 == 96 else b64[(k * 37 + k // 7) % 64]
        k += 1
    return ("/wp-login.php?redirect_to=" + urllib.parse.quote(url, safe="")
            + "&reauth=1")


def test_long_url_values_are_no_evasion(httpd):
    """A browser's request with a long percent-encoded redirect URL and
    sourcebuster's campaign-URL cookies fits the regex budget: no record
    (no evasion hit). An attack sent after them is recorded alone."""
    camp = urllib.parse.quote(
        "https://shop.example.org/product/merino-wool-socks/?utm_source="
        "newsletter&utm_medium=email&utm_campaign=winter-sale-2026"
        "&utm_content=hero-button&mc_cid=8f2a61c0de&mc_eid=4d1c9b7e21",
        safe="")
    cookie = "; ".join([
        "woocommerce_items_in_cart=1",
        "sbjs_migrations=1418474375998%3D1",
        "sbjs_current_add=fd%3D2026-12-01%2008%3A01%3A02%7C%7C%7Cep%3D"
        + camp + "%7C%7C%7Crf%3Dhttps%3A%2F%2Fl.facebook.com%2F",
        "sbjs_first_add=fd%3D2026-11-20%2019%3A44%3A10%7C%7C%7Cep%3D"
        + camp + "%7C%7C%7Crf%3Dhttps%3A%2F%2Fwww.google.com%2F",
        "sbjs_current=typ%3Dutm%7C%7C%7Csrc%3Dnewsletter%7C%7C%7Cmdm%3D"
        "email%7C%7C%7Ccmp%3Dwinter-sale-2026%7C%7C%7Ccnt%3Dhero-button"
        "%7C%7C%7Ctrm%3D%28none%29%7C%7C%7Cid%3D%28none%29",
        "sbjs_first=typ%3Dorganic%7C%7C%7Csrc%3Dgoogle%7C%7C%7Cmdm%3D"
        "organic%7C%7C%7Ccmp%3D%28none%29%7C%7C%7Ccnt%3D%28none%29%7C%7C%7C"
        "trm%3D%28none%29%7C%7C%7Cid%3D%28none%29%7C%7C%7Cplt%3D%28none%29",
        "wordpress_logged_in_5f2a=customer%7C1766669600%7CkQ7d2xv3n8s0b9d4c1"
        "e7f2a%7C3e1f0a9c2b7d4e6f8a1b3c5d7e9f0a2b4c6d8e0f1a3b5c7d9e1f3a5b7c9d",
        "sbjs_udata=vst%3D4%7C%7C%7Cuip%3D%28none%29%7C%7C%7Cuag%3D"
        "Mozilla%2F5.0%20%28X11%3B%20Linux%20x86_64%3B%20rv%3A133.0%29%20"
        "Gecko%2F20100101%20Firefox%2F133.0",
        "sbjs_session=pgs%3D3%7C%7C%7Ccpg%3D" + camp])
    browser = [
        ("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,"
                   "*/*;q=0.8"),
        ("Accept-Language", "de-DE,de;q=0.9,en;q=0.8"),
        ("Accept-Encoding", "gzip, deflate, br, zstd"),
        ("Cookie", cookie),
        ("Upgrade-Insecure-Requests", "1"),
        ("Sec-Fetch-Dest", "document"),
        ("Sec-Fetch-Mode", "navigate"),
        ("Sec-Fetch-Site", "same-origin"),
    ]
    ua = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"
    assert len(cookie) > 1500
    for n in (1500, 3000):
        httpd.get(_redirect(n), user_agent=ua,
                  referer="https://shop.example.org/my-account/",
                  headers=browser)
    # an attack after them: once it is logged, the others were judged
    httpd.get("/flood?q=" + "%3Cscript%3E" * 680, user_agent=ua)
    flood = httpd.wait_for(lambda r: r["uri"].startswith("/flood"))
    assert flood is not None
    time.sleep(0.3)
    recs = [r for r in httpd.records() if lwhttpd.is_attack(r)]
    assert [r["uri"][:12] for r in recs] == ["/flood?q=%3C"], \
        [(r["uri"][:40], [x["id"] for x in r["rules"]]) for r in recs]
