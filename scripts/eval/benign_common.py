"""The generator's random source and the ways clients encode a URL
(gen_benign.py)."""
import base64
import json
import random
import urllib.parse

import benign_words as W


def q_form(s):
    """As a browser submits a GET form: everything but alnum and *-._
    encoded, a space as '+'."""
    return urllib.parse.quote_plus(s, safe="*")


def _pct(s, chars, below):
    """s with every character past ASCII, below `below`, DEL or in chars
    percent-encoded (as UTF-8), the rest as written."""
    out = []
    for ch in s:
        b = ch.encode("utf-8")
        if len(b) > 1 or ch in chars or ord(ch) < below or ord(ch) == 0x7f:
            out.append("".join("%%%02X" % c for c in b))
        else:
            out.append(ch)
    return "".join(out)


def q_url(s):
    """As a browser sends a URL typed or built by a script: the WHATWG
    query set (space " # < > ' and controls) encoded, the rest as is."""
    return _pct(s, " \"#<>'%", 0x21)


def q_comp(s):
    """encodeURIComponent: what a script's fetch() puts in a value."""
    return urllib.parse.quote(s, safe="-_.!~*'()")


def q_path(s):
    """A path segment as browsers send it."""
    return urllib.parse.quote(s, safe="-_.!~*'()@:,;=+$&")


def esc(s):
    return s.encode("unicode_escape").decode("ascii").replace("\t", "\\t")


class Gen:
    def __init__(self, seed):
        self.r = random.Random(seed)

    # -- small pieces --
    def pick(self, seq):
        return self.r.choice(seq)

    def chance(self, p):
        return self.r.random() < p

    def n(self, lo, hi):
        return self.r.randint(lo, hi)

    def hexs(self, k):
        return "".join(self.r.choice("0123456789abcdef") for _ in range(k))

    def alnum(self, k, extra=""):
        cs = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789" + extra
        return "".join(self.r.choice(cs) for _ in range(k))

    def b64(self, nbytes, url=False):
        raw = bytes(self.r.getrandbits(8) for _ in range(nbytes))
        s = base64.urlsafe_b64encode(raw) if url else base64.b64encode(raw)
        s = s.decode("ascii")
        return s.rstrip("=") if url else s

    def b64json(self, obj, url=True):
        raw = json.dumps(obj, separators=(",", ":")).encode()
        s = base64.urlsafe_b64encode(raw) if url else base64.b64encode(raw)
        return s.decode("ascii").rstrip("=") if url else s.decode("ascii")

    def jwt(self):
        head = {"alg": self.pick(["HS256", "RS256", "ES256"]), "typ": "JWT"}
        body = {"sub": str(self.n(1, 99999)), "iat": 1765000000 + self.n(0, 10 ** 6),
                "exp": 1766000000 + self.n(0, 10 ** 6)}
        if self.chance(0.5):
            body["name"] = "%s %s" % (self.pick(W.FIRST_NAMES), self.pick(W.LAST_NAMES))
        if self.chance(0.4):
            body["scope"] = self.pick(["openid profile email", "read:orders write:cart",
                                       "user", "admin"])
        if self.chance(0.3):
            body["email"] = self.email()
        return "%s.%s.%s" % (self.b64json(head), self.b64json(body), self.b64(32, url=True))

    def uuid(self):
        h = self.hexs(32)
        return "%s-%s-4%s-%s%s-%s" % (h[:8], h[8:12], h[13:16],
                                      self.pick("89ab"), h[17:20], h[20:32])

    def ts(self):
        return 1765000000 + self.n(0, 2000000)

    def ms(self):
        return self.ts() * 1000 + self.n(0, 999)

    def slug(self, k=None):
        k = k or self.n(1, 5)
        return "-".join(self.pick(W.SLUG_WORDS) for _ in range(k))

    def title(self):
        t = " ".join(self.pick(W.SLUG_WORDS) for _ in range(self.n(2, 6))).capitalize()
        if self.chance(0.2):
            t += self.pick([": a guide", " (2024)", " & more", "!", "?", " – part 2",
                            " | Blog", " — what's new", " [updated]"])
        return t

    def name(self):
        return "%s %s" % (self.pick(W.FIRST_NAMES), self.pick(W.LAST_NAMES))

    def email(self):
        first = self.pick(W.FIRST_NAMES).lower().encode("ascii", "ignore").decode() or "info"
        last = self.pick(W.LAST_NAMES).lower().replace(" ", "").replace("'", "")
        last = last.encode("ascii", "ignore").decode() or "mail"
        local = self.pick(["%s.%s" % (first, last), first, "%s+shop" % first,
                           "%s_%s%d" % (first, last, self.n(1, 99)), "o'%s" % last])
        return "%s@%s" % (local, self.pick(["gmail.com", "outlook.com", "example.com",
                                             "web.de", "yahoo.co.uk", "icloud.com",
                                             "mail.example.org"]))

    def search(self):
        r = self.r.random()
        # code-looking text is what a developer types; most sites get little
        if r < 0.72:
            return self.pick(W.SEARCH_PLAIN)
        if r < 0.8:
            return self.pick(W.SEARCH_CODE)
        return self.pick(W.SEARCH_INTL)

    def ua(self):
        r = self.r.random()
        pool = W.UA_BROWSERS if r < 0.72 else W.UA_BOTS if r < 0.9 else W.UA_CLIENTS
        cls = "ua-browser" if r < 0.72 else "ua-bot" if r < 0.9 else "ua-client"
        s = self.pick(pool).format(chrome=self.n(118, 131), ff=self.n(115, 133),
                                   opr=self.n(100, 115), n1=self.n(0, 6),
                                   n2=self.n(10, 199), n4=self.n(1000, 6999))
        return cls, s

    def date_path(self):
        return "%d/%02d" % (self.n(2015, 2026), self.n(1, 12))

    def host(self):
        return self.pick(["www.example.com", "example.com", "shop.example.net",
                          "blog.example.org", "cloud.example.de", "forum.example.fr",
                          "wiki.example.io"])

    def tracking(self):
        """Tracking parameters a landing page gets (a query string part)."""
        r = self.r.random()
        camp = self.pick(["spring_sale_2024", "newsletter-03", "black friday",
                          "brand|exact", "retargeting (US)", "Q1/2024", "launch"])
        if r < 0.3:
            ps = [("utm_source", self.pick(["newsletter", "google", "facebook", "ig",
                                             "linkedin", "mailchimp", "twitter.com"])),
                  ("utm_medium", self.pick(["email", "cpc", "social", "referral",
                                            "paid_social", "organic"])),
                  ("utm_campaign", camp)]
            if self.chance(0.4):
                ps.append(("utm_content", self.pick(["hero-cta", "banner_728x90",
                                                     "text link", "image+1"])))
            if self.chance(0.3):
                ps.append(("utm_term", self.search()))
            return "&".join("%s=%s" % (k, q_form(v)) for k, v in ps)
        if r < 0.45:
            return "gclid=" + self.alnum(self.n(60, 90), "-_")
        if r < 0.6:
            return "fbclid=IwAR" + self.alnum(self.n(50, 60), "-_")
        if r < 0.67:
            return "msclkid=" + self.hexs(32)
        if r < 0.75:
            return "mc_cid=%s&mc_eid=%s" % (self.hexs(10), self.hexs(10))
        if r < 0.8:
            return "_hsenc=p2ANqtz-%s&_hsmi=%d" % (self.alnum(60, "-_"), self.n(10 ** 7, 10 ** 9))
        if r < 0.86:
            # Google's cross-domain linker
            return "_gl=1*%s*_ga*%s*_ga_%s*%s" % (
                self.alnum(6).lower(), self.b64json("%d.%d" % (self.n(10 ** 8, 10 ** 9), self.ts()))[:24],
                self.alnum(10).upper(), self.b64(30, url=True)[:38] + "..")
        if r < 0.9:
            return "srsltid=" + self.alnum(self.n(50, 70), "-_")
        if r < 0.94:
            return "gad_source=1&gclid=%s" % self.alnum(80, "-_")
        if r < 0.97:
            return "ttclid=%s" % self.alnum(40)
        return "ref=%s" % self.pick(["producthunt", "hn", "newsletter", "twitter"])

    def with_tracking(self, target, p=0.15):
        if self.chance(p):
            return target + ("&" if "?" in target else "?") + self.tracking()
        return target

    def cache_buster(self, target):
        return target + ("&" if "?" in target else "?") + "_=%d" % self.ms()


def wire(s):
    """What a client puts on the wire of a URL it holds: spaces, controls,
    '"' and every byte past ASCII percent-encoded, the rest as written."""
    return _pct(s, ' "', 0x20)
