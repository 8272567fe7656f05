"""Referer and Cookie headers of the benign traffic generator
(gen_benign.py): the Referers browsers send (search engines carrying what
people typed, social sites' link wrappers, the site's own pages) and the
cookies sites set (analytics, consent managers, CMS and framework
sessions), as browsers send them back."""
import json

import benign_words as W
from benign_common import q_form, q_comp


def referer(g, own_target):
    """(class, Referer) or None when the browser sends none."""
    r = g.r.random()
    if r < 0.3:
        return None
    if r < 0.62:
        return "referer-own", "https://%s%s" % (g.host(), own_target)
    if r < 0.88:
        # what the referrer policy leaves of a search engine or a site
        # (browsers send only the origin across sites by default since 2020)
        return "referer-origin", g.pick(["https://www.google.com/", "https://www.bing.com/",
                                         "https://duckduckgo.com/", "https://www.ecosia.org/",
                                         "https://search.brave.com/", "https://yandex.ru/",
                                         "https://t.co/", "https://www.facebook.com/",
                                         "https://www.instagram.com/", "https://www.linkedin.com/",
                                         "android-app://com.google.android.gm/",
                                         "android-app://com.slack/", "https://statics.teams.cdn.office.net/"])
    q = g.search()
    if r < 0.93:
        # full URLs with the query: older browsers, engines and pages whose
        # referrer policy still sends them
        return "referer-search", g.pick([
            "https://www.google.com/search?q=%s&oq=%s&sourceid=chrome&ie=UTF-8" % (q_form(q), q_form(q[:8])),
            "https://www.google.de/search?q=%s&client=firefox-b-d&sca_esv=%s" % (q_form(q), g.hexs(16)),
            "https://www.bing.com/search?q=%s&form=QBLH&sp=-1&lq=0&pq=%s&sc=10-%d&qs=n&sk=&cvid=%s" % (
                q_form(q), q_form(q.lower()), len(q), g.hexs(32).upper()),
            "https://duckduckgo.com/?q=%s&t=h_&ia=web" % q_form(q),
            "https://search.yahoo.com/search?p=%s&fr=yfp-t&fp=1&toggle=1&cop=mss&ei=UTF-8" % q_form(q),
            "https://yandex.ru/search/?text=%s&lr=213&clid=%d" % (q_form(q), g.n(10 ** 6, 10 ** 7)),
            "https://www.baidu.com/s?wd=%s&rsv_spt=1&ie=utf-8" % q_form(q),
            "https://www.ecosia.org/search?method=index&q=%s" % q_form(q),
            "https://search.brave.com/search?q=%s&source=web" % q_form(q),
            "https://www.startpage.com/do/search?q=%s" % q_form(q),
            "https://stackoverflow.com/search?q=%s" % q_form(q),
            "https://github.com/search?q=%s&type=code" % q_comp(q),
            "https://www.youtube.com/results?search_query=%s" % q_form(q),
            "https://www.amazon.com/s?k=%s&ref=nb_sb_noss" % q_form(q),
            "https://www.ebay.de/sch/i.html?_nkw=%s&_sacat=0" % q_form(q),
            "https://www.google.com/maps/place/%s/@%.6f,%.6f,15z/data=!4m6!3m5!1s0x%s:0x%s!8m2!3d%.6f!4d%.6f" % (
                q_form(g.pick(W.COMPANIES)), 48 + g.r.random(), 2 + g.r.random(), g.hexs(16), g.hexs(16),
                48 + g.r.random(), 2 + g.r.random()),
        ])
    return "referer-social", g.pick([
        "https://l.facebook.com/l.php?u=%s&h=AT0%s" % (q_comp("https://%s/%s/?fbclid=IwAR%s" % (g.host(), g.slug(), g.alnum(40))), g.alnum(60, "-_")),
        "https://lm.facebook.com/l.php?u=%s&h=AT%s&s=1" % (q_comp("https://%s/" % g.host()), g.alnum(50, "-_")),
        "https://t.co/%s" % g.alnum(10), "https://www.reddit.com/r/%s/comments/%s/%s/" % (
            g.pick(["webdev", "wordpress", "sysadmin", "de", "france", "cooking"]), g.alnum(6).lower(), g.slug(4).replace("-", "_")),
        "https://out.reddit.com/t3_%s?url=%s&token=%s&app_name=web2x" % (g.alnum(6).lower(), q_comp("https://%s/%s/" % (g.host(), g.slug())), g.alnum(60, "-_")),
        "https://news.ycombinator.com/item?id=%d" % g.n(3 * 10 ** 7, 4 * 10 ** 7),
        "https://www.linkedin.com/feed/update/urn:li:activity:%d/" % g.n(7 * 10 ** 18, 8 * 10 ** 18),
        "https://mail.google.com/mail/u/0/", "https://outlook.live.com/mail/0/inbox/id/%s" % q_comp(g.b64(60)),
        "https://www.pinterest.com/pin/%d/" % g.n(10 ** 17, 10 ** 18),
        "https://discord.com/channels/%d/%d" % (g.n(10 ** 17, 10 ** 18), g.n(10 ** 17, 10 ** 18)),
        "https://mastodon.social/@%s/%d" % (g.pick(W.FIRST_NAMES).lower(), g.n(10 ** 17, 10 ** 18)),
        "https://%s/wp-admin/post.php?post=%d&action=edit" % (g.host(), g.n(1, 9999)),
        "https://%s/wp-admin/admin.php?page=wc-orders&action=edit&id=%d" % (g.host(), g.n(1000, 99999)),
        "https://checkout.stripe.com/c/pay/cs_live_%s#%s" % (g.alnum(58), q_comp(g.b64(90))),
        "https://www.paypal.com/checkoutnow?token=%s" % g.alnum(17).upper(),
        "https://accounts.google.com/", "https://translate.google.com/?sl=auto&tl=de&text=%s&op=translate" % q_comp(q),
        "https://web.whatsapp.com/", "https://teams.microsoft.com/",
    ])


# -- cookies --

def _ga(g):
    return "_ga=GA1.%d.%d.%d" % (g.n(1, 3), g.n(10 ** 8, 2 * 10 ** 9), g.ts())


def _ga4(g):
    k = g.alnum(10).upper()
    if g.chance(0.5):
        return "_ga_%s=GS1.1.%d.%d.%d.%d.0.0.0" % (k, g.ts(), g.n(1, 40), g.n(0, 1), g.ts())
    return "_ga_%s=GS2.1.s%d$o%d$g%d$t%d$j%d$l0$h%d" % (
        k, g.ts(), g.n(1, 40), g.n(0, 1), g.ts(), g.n(0, 60), g.pick([0, g.n(10 ** 8, 2 * 10 ** 9)]))


def _utm(g):
    dom = g.n(10 ** 7, 3 * 10 ** 8)
    src = g.pick(["utmcsr=google|utmccn=(organic)|utmcmd=organic|utmctr=(not%20provided)",
                  "utmcsr=(direct)|utmccn=(direct)|utmcmd=(none)",
                  "utmcsr=facebook.com|utmccn=(referral)|utmcmd=referral|utmcct=/",
                  "utmcsr=newsletter|utmccn=spring_sale|utmcmd=email|utmctr=%s" % q_comp(g.search()),
                  "utmgclid=%s|utmccn=(not set)|utmcmd=(not set)" % g.alnum(40, "-_")])
    ts = g.ts()
    out = ["__utma=%d.%d.%d.%d.%d.%d" % (dom, g.n(10 ** 8, 2 * 10 ** 9), ts, ts, ts + 100, g.n(1, 9)),
           "__utmz=%d.%d.%d.%d.%s" % (dom, ts, g.n(1, 9), g.n(1, 9), src)]
    if g.chance(0.5):
        out += ["__utmc=%d" % dom, "__utmb=%d.%d.10.%d" % (dom, g.n(1, 9), ts)]
    return "; ".join(out)


def _onetrust(g):
    groups = ",".join("C000%d:%d" % (i, g.n(0, 1) if i > 1 else 1) for i in range(1, 5))
    v = ("isGpcEnabled=0&datestamp=%s&version=202310.1.0&browserGpcFlag=0&isIABGlobal=false"
         "&hosts=&consentId=%s&interactionCount=1&isAnonUser=1&landingPath=NotLandingPage"
         "&groups=%s&geolocation=%s&AwaitingReconsent=false") % (
        q_form(g.pick(["Mon Dec 07 2026 10:15:22 GMT+0100 (Central European Standard Time)",
                       "Tue Mar 05 2024 18:02:11 GMT-0500 (Eastern Standard Time)",
                       "Fri Jun 14 2024 09:41:03 GMT+0200 (Mitteleuropäische Sommerzeit)"])),
        g.uuid(), q_comp(groups), q_comp(g.pick(["DE;BE", "US;CA", "FR;IDF", "GB;ENG"])))
    out = "OptanonConsent=" + v
    if g.chance(0.7):
        out += "; OptanonAlertBoxClosed=2026-12-0%dT09:%02d:22.123Z" % (g.n(1, 7), g.n(0, 59))
    if g.chance(0.3):
        out += "; eupubconsent-v2=CP%s" % g.alnum(g.n(80, 200), "-_.")
    return out


def _cookiebot(g):
    b = lambda: g.pick(["true", "false"])  # noqa: E731
    v = "{stamp:%%27%s==%%27%%2Cnecessary:true%%2Cpreferences:%s%%2Cstatistics:%s%%2Cmarketing:%s%%2Cmethod:%%27%s%%27%%2Cver:%d%%2Cutc:%d%%2Cregion:%%27%s%%27}" % (
        g.b64(36)[:-2], b(), b(), b(), g.pick(["explicit", "implied"]), g.n(1, 9), g.ms(), g.pick(["de", "us-06", "gb", "fr"]))
    return "CookieConsent=" + v


def _other_consent(g):
    return g.pick([
        "cookieyes-consent=consentid:%s,consent:yes,action:yes,necessary:yes,functional:%s,analytics:%s,performance:no,advertisement:no,other:yes" % (
            g.b64(24).rstrip("="), g.pick(["yes", "no"]), g.pick(["yes", "no"])),
        "cookielawinfo-checkbox-necessary=yes; cookielawinfo-checkbox-analytics=no; viewed_cookie_policy=yes; CookieLawInfoConsent=%s" % g.b64json({"necessary": True, "analytics": False}, url=False),
        "cmplz_consented_services=; cmplz_policy_id=%d; cmplz_marketing=deny; cmplz_statistics=allow; cmplz_preferences=allow; cmplz_functional=allow; cmplz_banner-status=dismissed" % g.n(1, 40),
        "borlabs-cookie=%s" % q_comp(json.dumps({"consents": {"essential": ["borlabs-cookie"], "statistics": ["google-analytics"]}, "domainPath": "example.com/", "expires": "Tue, 07 Dec 2027 10:15:22 GMT", "uid": g.alnum(8).lower() + "-" + g.alnum(8).lower(), "version": "2"})),
        "euconsent-v2=CP%s; addtl_consent=1~%s" % (g.alnum(g.n(80, 180), "-_."), ".".join(str(g.n(1, 3000)) for _ in range(g.n(3, 30)))),
        "_iub_cs-%d=%s" % (g.n(10 ** 6, 10 ** 8), q_comp(json.dumps({"timestamp": "2026-12-07T09:15:22.000Z", "version": "1.56.0", "purposes": {"1": True, "4": False}, "id": g.n(10 ** 6, 10 ** 8), "cons": {"rand": g.alnum(6).lower()}}))),
        "complianz_consent_status=allow; complianz_policy_id=%d" % g.n(1, 40),
        "tarteaucitron=!gtag=true!youtube=false!facebook=wait",
        "moove_gdpr_popup=%s" % q_comp(json.dumps({"strict": "1", "thirdparty": "1", "advanced": "0"})),
        "CONSENT=YES+cb.20240101-00-p0.en+FX+%d; SOCS=CAISHAgBEhJnd3NfMjAyNDAzMDUtMF9SQzIaAmVuIAEaBgiA" % g.n(100, 999),
    ])


def _wordpress(g):
    h = g.hexs(32)
    user = g.pick(["admin", "editor", "jane", "o.neil", "shop-manager"])
    exp = g.ts()
    tok = g.alnum(43)
    out = ["wordpress_logged_in_%s=%s%%7C%d%%7C%s%%7C%s" % (h, user, exp, tok, g.hexs(64)),
           "wp-settings-time-1=%d" % g.ts()]
    if g.chance(0.6):
        out.append("wp-settings-1=%s" % g.pick(["libraryContent%3Dbrowse%26editor%3Dtinymce%26mfold%3Do",
                                                "editor%3Dhtml%26hidetb%3D1%26posts_list_mode%3Dlist",
                                                "mfold%3Do%26editor_plain_text_paste_warning%3D1%26unfold%3D1"]))
    if g.chance(0.5):
        out.append("wordpress_test_cookie=WP%20Cookie%20check")
    if g.chance(0.4):
        out.append("wp_lang=en_US")
    return "; ".join(out)


def _woo(g):
    h = g.hexs(32)
    out = ["woocommerce_items_in_cart=1", "woocommerce_cart_hash=%s" % g.hexs(32),
           "wp_woocommerce_session_%s=%s%%7C%%7C%d%%7C%%7C%d%%7C%%7C%s" % (h, g.pick([str(g.n(1, 9999)), "t_" + g.hexs(30)]), g.ts(), g.ts(), g.hexs(32))]
    if g.chance(0.6):
        # order attribution (sourcebuster.js)
        out += [
            "sbjs_migrations=1418474375998%3D1",
            "sbjs_current_add=fd%%3D2026-12-07%%2010%%3A15%%3A22%%7C%%7C%%7Cep%%3D%s%%7C%%7C%%7Crf%%3D%s" % (
                q_comp("https://%s/%s/" % (g.host(), g.slug())), q_comp(g.pick(["(none)", "https://www.google.com/"]))),
            "sbjs_first_add=fd%%3D2026-11-30%%2008%%3A01%%3A02%%7C%%7C%%7Cep%%3D%s%%7C%%7C%%7Crf%%3D%%28none%%29" % q_comp("https://%s/" % g.host()),
            "sbjs_current=typ%3Dorganic%7C%7C%7Csrc%3Dgoogle%7C%7C%7Cmdm%3Dorganic%7C%7C%7Ccmp%3D%28none%29%7C%7C%7Ccnt%3D%28none%29%7C%7C%7Ctrm%3D%28none%29%7C%7C%7Cid%3D%28none%29%7C%7C%7Cplt%3D%28none%29%7C%7C%7Cfmt%3D%28none%29%7C%7C%7Ctct%3D%28none%29",
            "sbjs_udata=vst%%3D%d%%7C%%7C%%7Cuip%%3D%%28none%%29%%7C%%7C%%7Cuag%%3D%s" % (
                g.n(1, 9), q_comp(g.ua()[1])),
            "sbjs_session=pgs%%3D%d%%7C%%7C%%7Ccpg%%3D%s" % (g.n(1, 20), q_comp("https://%s/shop/?orderby=price" % g.host())),
        ]
    return "; ".join(out)


def _cms(g):
    return g.pick([
        "SSESS%s=%s" % (g.hexs(32), g.alnum(43, "-_")),
        "SESS%s=%s; Drupal.visitor.name=%s" % (g.hexs(32), g.alnum(43, "-_"), q_comp(g.name())),
        "%s=%s; joomla_user_state=logged_in; joomla_remember_me_%s=%s.%s" % (g.hexs(32), g.alnum(26).lower(), g.hexs(32), g.alnum(16), g.alnum(20)),
        "frontend=%s; frontend_cid=%s; form_key=%s; mage-cache-storage=%%7B%%7D; mage-cache-storage-section-invalidation=%%7B%%7D; mage-cache-sessid=true; mage-messages=; section_data_ids=%s; private_content_version=%s; X-Magento-Vary=%s; recently_viewed_product=%%7B%%7D; product_data_storage=%%7B%%7D" % (
            g.alnum(26).lower(), g.alnum(16), g.alnum(16), q_comp(json.dumps({"cart": g.ts(), "customer": g.ts(), "messages": g.ts()})), g.hexs(32), g.hexs(40)),
        "nc_sameSiteCookielax=true; nc_sameSiteCookiestrict=true; oc%s=%s; oc_sessionPassphrase=%s; nc_username=%s; nc_token=%s; nc_session_id=%s" % (
            g.alnum(10).lower(), g.alnum(26).lower(), q_comp(g.b64(96)), g.pick(["alice", "jane.oneil"]), g.alnum(32), g.alnum(26).lower()),
        "phpbb3_{p}_u={u}; phpbb3_{p}_k={k}; phpbb3_{p}_sid={sid}; style_cookie=null".format(
            p=g.alnum(5).lower(), u=g.n(1, 9999), k=g.hexs(16), sid=g.hexs(32)),
        "my_wiki_session=%s; my_wikiUserName=%s; my_wikiUserID=%d; my_wikiToken=%s" % (
            g.alnum(32).lower(), q_comp(g.pick(["Jane O'Neil", "Sysop", "Bob_Smith", "Zoë"]).replace(" ", "_")), g.n(1, 9999), g.hexs(32)),
        "enwikiUserName=%s; enwikiSession=%s; centralauth_User=%s" % (
            q_comp("Jane_O'Neil"), g.alnum(32).lower(), q_comp("Jane_O'Neil")),
        "PrestaShop-%s=%s" % (g.hexs(32), g.b64(200).replace("+", "-").replace("/", "_")),
    ])


def _frameworks(g):
    return g.pick([
        "PHPSESSID=%s" % g.alnum(26, "").lower()[:26],
        "PHPSESSID=%s" % g.hexs(32),
        "XSRF-TOKEN=%s; laravel_session=%s" % (q_comp(g.b64json({"iv": g.b64(16), "value": g.b64(48), "mac": g.hexs(64), "tag": ""}, url=False)),
                                               q_comp(g.b64json({"iv": g.b64(16), "value": g.b64(64), "mac": g.hexs(64), "tag": ""}, url=False))),
        "csrftoken=%s; sessionid=%s; django_language=%s" % (g.alnum(32), g.alnum(32).lower(), g.pick(["en", "de", "pt-br"])),
        "_myapp_session=%s--%s; remember_user_token=%s" % (q_comp(g.b64(120)), g.hexs(40), q_comp(g.b64json([[g.n(1, 999)], g.alnum(22), "%d.%d" % (g.ts(), g.n(1, 999999))], url=False))),
        "JSESSIONID=%s.node%d" % (g.hexs(32).upper(), g.n(1, 4)),
        "ASP.NET_SessionId=%s; .AspNetCore.Antiforgery.%s=%s; .ASPXAUTH=%s" % (g.alnum(24).lower(), g.alnum(11), g.alnum(150, "-_"), g.hexs(160).upper()),
        "__RequestVerificationToken=%s; .AspNetCore.Cookies=%s" % (g.alnum(100, "-_"), g.alnum(300, "-_")),
        "connect.sid=s%%3A%s.%s" % (g.alnum(32, "-_"), q_comp(g.b64(32)).rstrip("%3D")),
        "session=%s" % g.jwt(), "token=%s" % g.jwt(), "auth._token.local=Bearer%%20%s" % g.jwt(),
        "_session_id=%s" % g.hexs(32), "ci_session=%s" % g.alnum(40).lower(),
        "symfony=%s; REMEMBERME=%s" % (g.alnum(26).lower(), q_comp(g.b64(90))),
        "next-auth.session-token=%s; next-auth.csrf-token=%s%%7C%s; next-auth.callback-url=%s" % (
            g.alnum(200, "-_.").strip("."), g.hexs(64), g.hexs(64), q_comp("https://%s/dashboard" % g.host())),
        "__Host-next-auth.csrf-token=%s%%7C%s" % (g.hexs(64), g.hexs(64)),
        "sb-%s-auth-token=%s" % (g.alnum(20).lower(), q_comp(json.dumps([g.jwt(), g.alnum(22), None, None, None]))),
    ])


def _analytics(g):
    parts = []
    for f in g.r.sample([
        lambda: "_gid=GA1.%d.%d.%d" % (g.n(1, 3), g.n(10 ** 8, 2 * 10 ** 9), g.ts()),
        lambda: "_gat_UA-%d-1=1" % g.n(10 ** 6, 10 ** 8),
        lambda: "_gcl_au=1.1.%d.%d" % (g.n(10 ** 8, 2 * 10 ** 9), g.ts()),
        lambda: "_fbp=fb.1.%d.%d" % (g.ms(), g.n(10 ** 8, 2 * 10 ** 9)),
        lambda: "_fbc=fb.1.%d.IwAR%s" % (g.ms(), g.alnum(50, "-_")),
        lambda: "_hjSessionUser_%d=%s" % (g.n(10 ** 5, 10 ** 7), g.b64json({"id": g.uuid(), "created": g.ms(), "existing": True})),
        lambda: "_hjSession_%d=%s" % (g.n(10 ** 5, 10 ** 7), g.b64json({"id": g.uuid(), "c": g.ms(), "s": 0, "r": 0, "sb": 0, "sr": 0, "se": 0, "fs": 1, "sp": 0})),
        lambda: "_pk_id.1.%s=%s.%d." % (g.hexs(4), g.hexs(16), g.ts()),
        lambda: "_pk_ses.1.%s=1" % g.hexs(4),
        lambda: "_clck=%s%%7C2%%7Cfk0%%7C0%%7C%d" % (g.alnum(6).lower(), g.n(1000, 1600)),
        lambda: "_clsk=%s%%7C%d%%7C%d%%7C1%%7C%s.clarity.ms%%2Fcollect" % (g.alnum(6).lower(), g.ms(), g.n(1, 9), g.pick("abcdefghijklmnopqrstuvwxyz")),
        lambda: "_uetsid=%s; _uetvid=%s" % (g.hexs(32), g.hexs(32)),
        lambda: "hubspotutk=%s; __hstc=%d.%s.%d.%d.%d.%d; __hssrc=1; __hssc=%d.%d.%d" % (
            g.hexs(32), g.n(10 ** 7, 10 ** 9), g.hexs(32), g.ms(), g.ms(), g.ms(), g.n(1, 9), g.n(10 ** 7, 10 ** 9), g.n(1, 9), g.ms()),
        lambda: "intercom-id-%s=%s; intercom-session-%s=; intercom-device-id-%s=%s" % (g.alnum(8).lower(), g.uuid(), g.alnum(8).lower(), g.alnum(8).lower(), g.uuid()),
        lambda: "ajs_anonymous_id=%%22%s%%22; ajs_user_id=null" % g.uuid(),
        lambda: "mp_%s_mixpanel=%s" % (g.hexs(32), q_comp(json.dumps({"distinct_id": "$device:%s" % g.uuid(), "$device_id": g.uuid(), "$initial_referrer": "$direct", "$initial_referring_domain": "$direct", "__mps": {}, "__mpso": {}, "__mpus": {}, "__mpa": {}, "__mpu": {}, "__mpr": [], "__mpap": []}))),
        lambda: "AMP_%s=%s" % (g.hexs(10), g.b64json(q_comp(json.dumps({"deviceId": g.uuid(), "sessionId": g.ms(), "optOut": False, "lastEventTime": g.ms()})), url=False)),
        lambda: "_dd_s=rum=0&expire=%d" % g.ms(),
        lambda: "__stripe_mid=%s%s; __stripe_sid=%s%s" % (g.uuid(), g.hexs(6), g.uuid(), g.hexs(6)),
        lambda: "__cf_bm=%s-%d-1.0.1.1-%s" % (g.alnum(43, "_"), g.ts(), g.alnum(86, "_.")),
        lambda: "cf_clearance=%s-%d-1.0.1.1-%s" % (g.alnum(43, "_"), g.ts(), g.alnum(120, "_.")),
        lambda: "_lscache_vary=%s" % g.hexs(32),
        lambda: "_pin_unauth=%s" % g.b64json({"u": g.uuid()}, url=False),
        lambda: "_tt_enable_cookie=1; _ttp=%s" % g.alnum(27, "-_"),
        lambda: "_scid=%s; _sctr=1%%7C%d" % (g.uuid(), g.ms()),
        lambda: "__kla_id=%s" % g.b64json({"cid": g.b64(30), "$referrer": {"ts": g.ts(), "value": "", "first_page": "https://%s/" % g.host()}, "$last_referrer": {"ts": g.ts(), "value": "", "first_page": "https://%s/" % g.host()}}, url=False),
    ], g.n(1, 6)):
        parts.append(f())
    return "; ".join(parts)


def _prefs(g):
    return "; ".join(g.r.sample([
        "theme=%s" % g.pick(["dark", "light", "auto"]), "lang=%s" % g.pick(["de-DE", "en", "fr_FR", "pt-BR"]),
        "currency=%s" % g.pick(["EUR", "USD", "GBP", "CHF"]), "recently_viewed=%s" % q_comp(",".join(str(g.n(1, 999)) for _ in range(g.n(1, 6)))),
        "cart=%s" % g.pick([json.dumps([{"id": g.n(1, 999), "qty": g.n(1, 3)}], separators=(",", ":")),
                            q_comp(json.dumps([{"id": g.n(1, 999), "qty": g.n(1, 3)}]))]),
        "sidebar_collapsed=false", "tz=%s" % q_comp(g.pick(["Europe/Berlin", "America/New_York", "Asia/Tokyo"])),
        "timezone=%s" % g.pick(["Europe/Berlin", "America/New_York"]), "consent=granted",
        "pll_language=%s" % g.pick(["fr", "de", "en"]), "wp-wpml_current_language=en",
        "store=%s" % g.pick(["default", "de", "fr_ch"]), "wishlist=%s" % q_comp("[12,34,56]"),
        "last_search=%s" % q_comp(g.search()), "searchHistory=%s" % q_comp(json.dumps([g.search(), g.search()])),
        "view_mode=grid", "per_page=48", "cookie_notice_accepted=true", "age_verified=1",
        "user_name=%s" % q_comp(g.name()), "city=%s" % q_comp(g.pick(W.CITIES)),
        "filters=%s" % q_comp("color=red&size=m&sort=price desc"),
        "ab_test=%s" % g.pick(["variant_b", "control", "checkout-v2:B"]),
        "cookie_test=please_accept_cookies", "has_js=1", "screen=1920x1080", "dpr=2",
        "__utmx=%d.%s$0:1" % (g.n(10 ** 7, 10 ** 8), g.alnum(22, "-_")),
        "bm_sz=%s~YAAQ%s==~%d~%d" % (g.hexs(32).upper(), g.b64(60), g.n(10 ** 6, 10 ** 9), g.n(10 ** 6, 10 ** 9)),
    ], g.n(1, 4)))


COOKIE_KINDS = [
    ("cookie-analytics", 22, lambda g: "; ".join([_ga(g), _ga4(g), _analytics(g)])),
    ("cookie-utm", 6, lambda g: "; ".join([_utm(g), _ga(g)])),
    ("cookie-consent", 18, lambda g: "; ".join([g.pick([_onetrust, _cookiebot, _other_consent])(g), _ga(g)])),
    ("cookie-wordpress", 12, lambda g: "; ".join([_wordpress(g), _analytics(g)])),
    ("cookie-woocommerce", 8, lambda g: "; ".join([_woo(g), _ga(g), _cookiebot(g)])),
    ("cookie-cms", 10, lambda g: "; ".join([_cms(g), _prefs(g)])),
    ("cookie-framework", 14, lambda g: "; ".join([_frameworks(g), _analytics(g)])),
    ("cookie-prefs", 10, lambda g: "; ".join([_prefs(g), _ga(g)])),
]


def cookie(g):
    kinds = [k for k in COOKIE_KINDS for _ in range(k[1])]
    cls, _, f = g.pick(kinds)
    return cls, f(g)



# -- other request headers (every one is inspected) --

def _nav(g):
    ua = g.ua()[1]
    v = g.n(118, 131)
    return [
        ("sec-ch-ua", '"Chromium";v="%d", "Not_A Brand";v="24", "Google Chrome";v="%d"' % (v, v)),
        ("sec-ch-ua-mobile", g.pick(["?0", "?1"])), ("sec-ch-ua-platform", g.pick(['"Windows"', '"macOS"', '"Android"', '"Linux"'])),
        ("Upgrade-Insecure-Requests", "1"),
        ("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7"),
        ("Sec-Fetch-Site", g.pick(["none", "same-origin", "cross-site"])), ("Sec-Fetch-Mode", "navigate"),
        ("Sec-Fetch-User", "?1"), ("Sec-Fetch-Dest", "document"),
        ("Accept-Encoding", "gzip, deflate, br, zstd"),
        ("Accept-Language", g.pick(["de-DE,de;q=0.9,en-US;q=0.8,en;q=0.7", "en-GB,en;q=0.9", "fr-FR,fr;q=0.9,en;q=0.5", "pt-BR,pt;q=0.9"])),
        ("Priority", "u=0, i"), ("X-Client-Data", g.b64(g.n(20, 60)).rstrip("=")),
    ] + ([("DNT", "1")] if g.chance(0.2) else []) + ([("Purpose", "prefetch"), ("Sec-Purpose", "prefetch;prerender")] if g.chance(0.1) else []) + [("User-Agent", ua)]


def _xhr(g):
    h = [("Accept", "application/json, text/javascript, */*; q=0.01"), ("X-Requested-With", "XMLHttpRequest")]
    h += g.pick([
        [("X-WP-Nonce", g.hexs(10))],
        [("X-CSRF-Token", g.b64(32)), ("X-Inertia", "true"), ("X-Inertia-Version", g.hexs(32))],
        [("X-XSRF-TOKEN", g.b64json({"iv": g.b64(16), "value": g.b64(48), "mac": g.hexs(64), "tag": ""}, url=False))],
        [("HX-Request", "true"), ("HX-Current-URL", "https://%s/%s/?q=%s" % (g.host(), g.slug(), q_comp(g.search()))),
         ("HX-Target", g.pick(["results", "cart-count", "#main"])), ("HX-Trigger", g.pick(["search", "load-more"]))],
        [("X-Livewire", "true")], [("X-Magento-Tags", "")],
        [("requesttoken", g.alnum(64, "+/=")), ("OCS-APIREQUEST", "true")],
        [("X-HTTP-Method-Override", g.pick(["PATCH", "DELETE", "PUT"]))],
        [("Authorization", "Bearer " + g.jwt()), ("X-Api-Version", g.pick(["2", "2024-01-01", "v3"]))],
        [("X-Api-Key", g.alnum(40)), ("Idempotency-Key", g.uuid())],
        [("X-Shopify-Storefront-Access-Token", g.hexs(32))],
        [("Apollographql-Client-Name", "web"), ("Apollographql-Client-Version", "1.%d.%d" % (g.n(0, 40), g.n(0, 9)))],
    ])
    return h


def _proxy(g):
    ip = "%d.%d.%d.%d" % (g.n(1, 223), g.n(0, 255), g.n(0, 255), g.n(1, 254))
    return g.pick([
        [("X-Forwarded-For", "%s, 10.0.%d.%d" % (ip, g.n(0, 255), g.n(1, 254))), ("X-Forwarded-Proto", "https"),
         ("X-Forwarded-Host", g.host()), ("X-Forwarded-Port", "443"), ("X-Real-IP", ip)],
        [("Forwarded", 'for=%s;proto=https;by="[2001:db8::1]";host=%s' % (ip, g.host())), ("Via", "1.1 varnish (Varnish/7.4), 1.1 %s.cloudfront.net (CloudFront)" % g.hexs(16))],
        [("CF-Connecting-IP", ip), ("CF-IPCountry", g.pick(["DE", "US", "FR", "T1", "XX"])), ("CF-Ray", "%s-FRA" % g.hexs(16)),
         ("CF-Visitor", '{"scheme":"https"}'), ("CDN-Loop", "cloudflare"), ("True-Client-IP", ip)],
        [("X-Amzn-Trace-Id", "Root=1-%s-%s;Parent=%s;Sampled=1" % (g.hexs(8), g.hexs(24), g.hexs(16))),
         ("X-Forwarded-For", ip), ("X-Amz-Cf-Id", g.alnum(56, "_-=")), ("CloudFront-Viewer-Country", "DE")],
        [("X-Request-ID", g.uuid()), ("X-Correlation-ID", g.uuid()), ("X-B3-TraceId", g.hexs(32)), ("X-B3-SpanId", g.hexs(16)), ("X-B3-Sampled", "1")],
        [("traceparent", "00-%s-%s-01" % (g.hexs(32), g.hexs(16))), ("tracestate", "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE"),
         ("baggage", "userId=alice,serverNode=DF%2028,isProduction=false"), ("sentry-trace", "%s-%s-1" % (g.hexs(32), g.hexs(16)))],
    ])


def _webhook(g):
    body_sig = g.hexs(64)
    return g.pick([
        [("X-GitHub-Event", g.pick(["push", "pull_request", "workflow_run"])), ("X-GitHub-Delivery", g.uuid()),
         ("X-Hub-Signature-256", "sha256=" + body_sig), ("X-GitHub-Hook-ID", str(g.n(10 ** 8, 10 ** 9)))],
        [("Stripe-Signature", "t=%d,v1=%s,v0=%s" % (g.ts(), body_sig, g.hexs(64)))],
        [("X-Shopify-Topic", "orders/create"), ("X-Shopify-Hmac-Sha256", g.b64(32)), ("X-Shopify-Shop-Domain", "example.myshopify.com"),
         ("X-Shopify-Webhook-Id", g.uuid())],
        [("X-WC-Webhook-Source", "https://%s/" % g.host()), ("X-WC-Webhook-Topic", "order.updated"), ("X-WC-Webhook-Signature", g.b64(32))],
        [("X-Slack-Signature", "v0=" + body_sig), ("X-Slack-Request-Timestamp", str(g.ts()))],
        [("X-Mailgun-Signature", body_sig), ("X-Gitlab-Event", "Push Hook"), ("X-Gitlab-Token", g.alnum(20))],
        [("PayPal-Transmission-Sig", g.b64(256)), ("PayPal-Cert-Url", "https://api.paypal.com/v1/notifications/certs/CERT-360caa42-fca2a594-%s" % g.hexs(8))],
    ])


def _conditional(g):
    return [("If-None-Match", 'W/"%s"' % g.hexs(g.pick([8, 32]))), ("If-Modified-Since", "Sun, 06 Dec 2026 10:15:22 GMT"),
            ("Cache-Control", g.pick(["max-age=0", "no-cache"])), ("Range", g.pick(["bytes=0-", "bytes=1048576-2097151"]))]


HEADER_KINDS = [("header-browser", 40, _nav), ("header-xhr", 20, _xhr), ("header-proxy", 20, _proxy),
                ("header-webhook", 8, _webhook), ("header-conditional", 12, _conditional)]


def other_headers(g):
    """(class, [(name, value), ...]) of one request's headers besides Host,
    Referer and Cookie (User-Agent where a browser would send one)."""
    kinds = [k for k in HEADER_KINDS for _ in range(k[1])]
    cls, _, f = g.pick(kinds)
    return cls, f(g)
