"""Request bodies of the benign traffic generator (gen_benign.py): what
forms, scripts and apps POST to ordinary sites. Each function returns
(class, method, target, content type, body as str)."""
import json
import urllib.parse

import benign_words as W

FORM = "application/x-www-form-urlencoded; charset=UTF-8"
BOUNDARY = "----WebKitFormBoundary7MA4YWxkTrZu0gW"
MP = "multipart/form-data; boundary=" + BOUNDARY

# What people write in comments, reviews and contact forms: plain text,
# apostrophes, simple HTML the comment form allows, markdown, and now and
# then code on a developer's blog.
MESSAGES_PLAIN = [
    "Great post, thanks! It's exactly what I needed.",
    "I can't get this to work on my site :( any ideas?",
    "Hi, I'd like to know if you ship to Québec. Merci!",
    "Hello,\r\nplease cancel order #1234 - I ordered the wrong size (M instead of L).\r\nThanks,\r\nSeán",
    "Is the 100% cotton version also available in navy? And what's the price incl. VAT?",
    "We're a small team (5-10 people) looking for a quote; budget ~ $2,000/month.",
    "Rock & roll never dies!!! <3",
    "Loved it :-) 5/5 would buy again",
    "The link in step 3 is broken -> it points to /docs/old-page instead of /docs/new-page.",
    "Thanks for the recipe. I used 2 1/2 cups of flour & it turned out great; next time I'll add less sugar.",
    "My daughter's school (St. Mary's) would like to book a group visit on 12/03 - is that possible?",
    "Ich hätte gern eine Rechnung mit MwSt. für meine Bestellung Nr. 4711.",
    "Bonjour, j'ai une question concernant l'article « Été 2024 » : est-il encore disponible ?",
    "<b>Update:</b> it works now after clearing the cache.",
    "See <a href=\"https://example.com/docs/setup\">the setup guide</a> for details.",
    "I agree with <i>most</i> of this, but <strong>not</strong> the part about caching.",
    "<blockquote>The best way to predict the future is to invent it.</blockquote> So true.",
    "If (price > 100) the shipping is free; otherwise it's 4.95 EUR.",
    "**Pros:** fast, cheap\r\n**Cons:** the app crashes when I tap 'Settings' > 'Account'",
    "# Heading\r\n\r\n- item one\r\n- item two\r\n\r\n[link](https://example.com/page?a=1&b=2)",
    "1) open the box 2) remove the film 3) plug in; done.",
    "He said \"it'll be ready by Friday\" -- it wasn't.",
    "Your form says my email is invalid but o'brien@example.ie is a real address!",
    "C'est génial 👍🏻 merci beaucoup",
    "Der Artikel \"Tipps & Tricks\" ist super; danke!",
    "Where can I find the drivers for Windows 11 (64-bit)?",
    "I want to delete my account and all my data (GDPR art. 17), thank you.",
    "Select your size carefully - they run small. Order one size up!",
]

# on a developer's blog or a hosting company's support form
MESSAGES_CODE = [
    "Here's the fix:\r\n<code>add_filter('the_content', 'wpautop');</code>",
    "You can use `SELECT COUNT(*) FROM wp_posts WHERE post_status = 'publish';` to check.",
    "Try `kill -9 $(pgrep php-fpm)` and then restart the service.",
    "Run `sudo apt update && sudo apt upgrade -y` first, then `systemctl restart apache2`.",
    "In your .htaccess add:\r\nRewriteEngine On\r\nRewriteRule ^(.*)$ index.php?q=$1 [L,QSA]",
    "```js\r\ndocument.querySelector('.menu').addEventListener('click', () => toggle());\r\n```",
    "```sql\r\nSELECT p.ID, p.post_title FROM wp_posts p LEFT JOIN wp_postmeta m ON m.post_id = p.ID WHERE m.meta_key = '_price' ORDER BY p.ID DESC LIMIT 10;\r\n```",
    "Use `grep -rn \"TODO\" src/ | wc -l` to count them.",
    "echo is not working in my script, it prints $HOME literally",
    "Why does <div> inside <p> break my layout?",
    "Why does alert() not show on iOS Safari?",
]

PASSWORDS = ["hunter2", "correct horse battery staple", "Tr0ub4dor&3", "P@ssw0rd!",
             "S3cure'Pass\"", "x!Y2#z$9", "pa$$(word)", "Kl8*&^%ab", "Sommer2024!",
             "123456789", "qwertzuiop", "ilovemydog<3", "Jane'sPw-1990", "p4ss;w0rd|",
             "a;b|c&d", "!QAZ2wsx", "Passwort#1", "mötley-crüe-77"]


def message(g):
    # code is what developers write; most sites get little of it
    return g.pick(MESSAGES_CODE) if g.chance(0.08) else g.pick(MESSAGES_PLAIN)


def _pw(g):
    if g.chance(0.5):
        return g.pick(PASSWORDS)
    # a password manager's
    cs = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789!@#$%^&*()-_=+[]{};:,.<>?"
    return "".join(g.r.choice(cs) for _ in range(g.n(14, 24)))


def form(pairs):
    return "&".join("%s=%s" % (urllib.parse.quote_plus(k), urllib.parse.quote_plus(v)) for k, v in pairs)


def _wp_login(g):
    return "login", "POST", "/wp-login.php", FORM, form([
        ("log", g.pick([g.pick(W.FIRST_NAMES).lower(), g.email(), "admin"])), ("pwd", _pw(g)),
        ("rememberme", "forever"), ("wp-submit", "Log In"),
        ("redirect_to", "https://%s/wp-admin/" % g.host()), ("testcookie", "1")])


def _app_login(g):
    if g.chance(0.5):
        return "login", "POST", "/api/auth/login", "application/json", json.dumps(
            {"email": g.email(), "password": _pw(g), "remember": g.chance(0.5)})
    return "login", "POST", g.pick(["/login", "/user/login", "/customer/account/loginPost/", "/ucp.php?mode=login", "/index.php/login"]), FORM, form([
        ("username", g.pick([g.email(), g.pick(W.FIRST_NAMES)])), ("password", _pw(g)),
        (g.pick(["_token", "form_key", "csrfmiddlewaretoken", "requesttoken", "form_build_id"]), g.alnum(40, "-_")),
        ("redirect", g.pick(["index.php", "/dashboard", "/my-account/"]))])


def _checkout(g):
    first, last = g.pick(W.FIRST_NAMES), g.pick(W.LAST_NAMES)
    return "checkout", "POST", "/?wc-ajax=checkout", FORM, form([
        ("billing_first_name", first), ("billing_last_name", last),
        ("billing_company", g.pick(W.COMPANIES) if g.chance(0.3) else ""),
        ("billing_country", g.pick(["DE", "FR", "US", "GB", "IE", "CA"])),
        ("billing_address_1", g.pick(W.STREETS)), ("billing_address_2", g.pick(["", "Apt. 4/5", "c/o O'Neil", "2nd floor (left)"])),
        ("billing_postcode", g.pick(["10115", "75001", "D02 X285", "SW1A 1AA", "90210", "H2X 1Y4"])),
        ("billing_city", g.pick(W.CITIES)), ("billing_phone", g.pick(["+49 30 1234567", "(555) 010-0199", "+33 1 23 45 67 89", "0171/1234567"])),
        ("billing_email", g.email()),
        ("order_comments", g.pick(["", "Please leave at the back door (gate code #1234); thanks!", "Gift - no invoice in the box, please :)", "Deliver after 5pm & ring twice"])),
        ("shipping_method[0]", g.pick(["flat_rate:1", "free_shipping:3", "local_pickup:4"])),
        ("payment_method", g.pick(["stripe", "paypal", "bacs", "cod"])), ("terms", "on"), ("terms-field", "1"),
        ("woocommerce-process-checkout-nonce", g.hexs(10)),
        ("_wp_http_referer", "/?wc-ajax=update_order_review"),
        ("wc_order_attribution_source_type", g.pick(["organic", "typein", "referral", "utm"])),
        ("wc_order_attribution_referrer", g.pick(["https://www.google.com/", "(none)"])),
        ("wc_order_attribution_utm_campaign", "(none)"), ("wc_order_attribution_utm_source", g.pick(["google", "(direct)"])),
        ("wc_order_attribution_session_entry", "https://%s/shop/" % g.host()),
        ("wc_order_attribution_user_agent", g.ua()[1]),
    ])


def _comment(g):
    return "comment", "POST", "/wp-comments-post.php", FORM, form([
        ("comment", message(g)), ("author", g.name()), ("email", g.email()),
        ("url", g.pick(["", "https://%s/" % g.host(), "http://my-blog.example.net/about-me/"])),
        ("wp-comment-cookies-consent", "yes"), ("submit", "Post Comment"),
        ("comment_post_ID", str(g.n(1, 9999))), ("comment_parent", str(g.pick([0, 0, g.n(1, 9999)]))),
        ("akismet_comment_nonce", g.hexs(10)), ("ak_js", str(g.ms())),
        ("ak_hp_textarea", "")])


def _contact(g):
    msg = message(g)
    subj = g.pick(["Question about my order", "Quote request", "Hello!", "Re: invoice #4711",
                   "Booking 12/03 (group of 8)", "Feedback", "Partnership? 50/50", "Can't log in"])
    kind = g.r.random()
    if kind < 0.4:
        pairs = [("_wpcf7", str(g.n(5, 900))), ("_wpcf7_version", "5.9.3"), ("_wpcf7_locale", "en_US"),
                 ("_wpcf7_unit_tag", "wpcf7-f%d-p%d-o1" % (g.n(5, 900), g.n(1, 999))),
                 ("_wpcf7_container_post", str(g.n(1, 999))), ("_wpcf7_posted_data_hash", ""),
                 ("your-name", g.name()), ("your-email", g.email()), ("your-subject", subj),
                 ("your-message", msg), ("acceptance-privacy", "1")]
        return "contact", "POST", "/wp-json/contact-form-7/v1/contact-forms/%d/feedback" % g.n(5, 900), FORM, form(pairs)
    if kind < 0.65:
        pairs = [("input_1.3", g.pick(W.FIRST_NAMES)), ("input_1.6", g.pick(W.LAST_NAMES)),
                 ("input_2", g.email()), ("input_3", g.pick(["+1 (555) 010-0199", "0049 30 123"])),
                 ("input_4", msg), ("input_5.1", "I agree to the privacy policy"),
                 ("is_submit_%d" % g.n(1, 9), "1"), ("gform_submit", str(g.n(1, 9))), ("gform_unique_id", ""),
                 ("state_1", g.b64json(["[]", g.hexs(32)], url=False)), ("gform_target_page_number_1", "0"),
                 ("gform_source_page_number_1", "1"), ("gform_field_values", ""), ("version_hash", g.hexs(32))]
        return "contact", "POST", "/contact/", FORM, form(pairs)
    if kind < 0.8:
        pairs = [("wpforms[fields][0][first]", g.pick(W.FIRST_NAMES)), ("wpforms[fields][0][last]", g.pick(W.LAST_NAMES)),
                 ("wpforms[fields][1]", g.email()), ("wpforms[fields][2]", msg), ("wpforms[id]", str(g.n(10, 999))),
                 ("wpforms[author]", "1"), ("wpforms[post_id]", str(g.n(1, 999))), ("wpforms[token]", g.hexs(32)),
                 ("action", "wpforms_submit"), ("page_url", "https://%s/contact/" % g.host()),
                 ("page_title", "Contact"), ("page_id", str(g.n(1, 999))), ("start_timestamp", str(g.ts())), ("end_timestamp", str(g.ts()))]
        return "contact", "POST", "/wp-admin/admin-ajax.php", FORM, form(pairs)
    pairs = [("post_id", str(g.n(1, 999))), ("form_id", g.hexs(7)), ("referer_title", "Contact us"),
             ("queried_id", str(g.n(1, 999))), ("form_fields[name]", g.name()), ("form_fields[email]", g.email()),
             ("form_fields[message]", msg), ("action", "elementor_pro_forms_send_form"), ("referrer", "https://%s/contact/" % g.host())]
    return "contact", "POST", "/wp-admin/admin-ajax.php", FORM, form(pairs)


def _wp_ajax(g):
    pid = g.n(1, 9999)
    p = g.pick([
        [("data[wp-refresh-post-lock][post_id]", str(pid)), ("data[wp-refresh-post-lock][lock]", "%d:1" % g.ts()),
         ("data[wp-refresh-post-nonces][post_id]", str(pid)), ("interval", "60"), ("_nonce", g.hexs(10)),
         ("action", "heartbeat"), ("screen_id", "post"), ("has_focus", "true")],
        [("action", "query-attachments"), ("post_id", "0"), ("query[orderby]", "date"), ("query[order]", "DESC"),
         ("query[posts_per_page]", "80"), ("query[paged]", str(g.n(1, 5))), ("query[s]", g.search() if g.chance(0.3) else "")],
        [("action", "woocommerce_add_to_cart"), ("product_id", str(pid)), ("quantity", str(g.n(1, 4))),
         ("product_sku", g.alnum(6).upper())],
        [("action", "elementor_ajax"), ("_nonce", g.hexs(10)), ("editor_post_id", str(pid)), ("initial_document_id", str(pid)),
         ("actions", json.dumps({"save_builder": {"action": "save_builder", "data": {"status": "autosave", "elements": [
             {"id": g.hexs(7), "elType": "section", "settings": {"background_background": "classic", "_title": g.title()},
              "elements": [{"id": g.hexs(7), "elType": "widget", "widgetType": "text-editor",
                            "settings": {"editor": "<p>%s</p>" % message(g).replace("\r\n", "<br>")}}]}]}}}))],
        [("action", "ajax-tag-search"), ("tax", "post_tag"), ("q", g.search())],
        [("action", "wp-remove-post-lock"), ("_wpnonce", g.hexs(10)), ("post_ID", str(pid)), ("active_post_lock", "%d:1" % g.ts())],
        [("action", "autosave"), ("post_ID", str(pid)), ("post_title", g.title()), ("content", message(g)), ("excerpt", "")],
        [("action", "wpseo_set_ignore"), ("option", "wpseo_first_time_install"), ("_wpnonce", g.hexs(10))],
    ])
    return "wp-ajax", "POST", "/wp-admin/admin-ajax.php", FORM, form(p)


def _aspnet(g):
    return "aspnet", "POST", "/Search.aspx", FORM, form([
        ("__EVENTTARGET", g.pick(["", "ctl00$MainContent$GridView1", "ctl00$MainContent$lnkNext"])),
        ("__EVENTARGUMENT", g.pick(["", "Page$2", "Sort$Name", "Select$3"])),
        ("__LASTFOCUS", ""), ("__VIEWSTATE", "/wEP" + g.b64(g.n(200, 1200))),
        ("__VIEWSTATEGENERATOR", g.hexs(8).upper()), ("__EVENTVALIDATION", "/wEd" + g.b64(g.n(40, 300))),
        ("ctl00$MainContent$txtSearch", g.search()), ("ctl00$MainContent$ddlCategory", str(g.n(0, 20))),
        ("ctl00$MainContent$btnSearch", "Search")])


def _gutenberg(g):
    para = message(g).replace("\r\n", " ")
    blocks = [
        "<!-- wp:paragraph -->\n<p>%s</p>\n<!-- /wp:paragraph -->" % para,
        "<!-- wp:heading {\"level\":3} -->\n<h3 class=\"wp-block-heading\">%s</h3>\n<!-- /wp:heading -->" % g.title(),
        "<!-- wp:image {\"id\":%d,\"sizeSlug\":\"large\",\"linkDestination\":\"none\"} -->\n<figure class=\"wp-block-image size-large\"><img src=\"https://%s/wp-content/uploads/%s/%s.jpg\" alt=\"%s\" class=\"wp-image-%d\"/></figure>\n<!-- /wp:image -->" % (
            g.n(1, 9999), g.host(), g.date_path(), g.slug(2), g.title(), g.n(1, 9999)),
        "<!-- wp:list -->\n<ul class=\"wp-block-list\"><!-- wp:list-item -->\n<li>%s</li>\n<!-- /wp:list-item --></ul>\n<!-- /wp:list -->" % g.title(),
        "<!-- wp:embed {\"url\":\"https://www.youtube.com/watch?v=%s\",\"type\":\"video\",\"providerNameSlug\":\"youtube\"} -->\n<figure class=\"wp-block-embed is-type-video is-provider-youtube wp-block-embed-youtube\"><div class=\"wp-block-embed__wrapper\">\nhttps://www.youtube.com/watch?v=%s\n</div></figure>\n<!-- /wp:embed -->" % ((g.alnum(11, "-_"),) * 2),
        "<!-- wp:html -->\n<iframe src=\"https://www.google.com/maps/embed?pb=!1m18!1m12!1m3!1d2624.99!2d2.29!3d48.85!2m3!1f0!2f0!3f0!3m2!1i1024!2i768!4f13.1\" width=\"600\" height=\"450\" style=\"border:0;\" allowfullscreen=\"\" loading=\"lazy\" referrerpolicy=\"no-referrer-when-downgrade\"></iframe>\n<!-- /wp:html -->",
        "<!-- wp:code -->\n<pre class=\"wp-block-code\"><code>%s</code></pre>\n<!-- /wp:code -->" % g.pick([
            "SELECT * FROM wp_options WHERE option_name = 'siteurl';", "sudo systemctl restart php8.2-fpm",
            "const el = document.getElementById(&quot;app&quot;);", "ls -la /var/www/html | grep wp-config"]),
        "<!-- wp:quote -->\n<blockquote class=\"wp-block-quote\"><!-- wp:paragraph -->\n<p>%s</p>\n<!-- /wp:paragraph --></blockquote>\n<!-- /wp:quote -->" % para,
        "<!-- wp:button {\"className\":\"is-style-fill\"} -->\n<div class=\"wp-block-button is-style-fill\"><a class=\"wp-block-button__link wp-element-button\" href=\"/shop/?orderby=price\">Shop now &rarr;</a></div>\n<!-- /wp:button -->",
    ]
    code = blocks.pop(6)
    # a custom HTML block with an iframe: the embed block (above) keeps
    # only the URL, so few saved posts hold an iframe
    frame = blocks.pop(5)
    picked = g.r.sample(blocks, g.n(1, 4))
    if g.chance(0.08):
        picked.append(code)
    if g.chance(0.05):
        picked.append(frame)
    content = "\n\n".join(picked)
    body = {"id": g.n(1, 9999), "title": g.title(), "content": content, "status": g.pick(["draft", "publish", "future"]),
            "excerpt": "", "meta": {"_yoast_wpseo_metadesc": g.title(), "footnotes": ""}}
    return "block-editor", "POST", "/wp-json/wp/v2/posts/%d?_locale=user" % body["id"], "application/json", json.dumps(body)


def _graphql(g):
    q = g.pick([
        ("query GetProduct($id: ID!) { product(id: $id) { name price(currency: EUR) variants(first: 10) { edges { node { sku } } } } }", {"id": "gid://shopify/Product/%d" % g.n(10 ** 9, 10 ** 10)}),
        ("mutation AddToCart($input: AddToCartInput!) { addToCart(input: $input) { cart { contents { itemCount } } } }", {"input": {"productId": g.n(1, 999), "quantity": g.n(1, 3)}}),
        ("query Search($q: String!) { posts(where: {search: $q}, first: 10) { nodes { id title uri } } }", {"q": g.search()}),
        ("mutation Login($u: String!, $p: String!) { login(input: {username: $u, password: $p}) { authToken user { id name } } }", {"u": g.email(), "p": _pw(g)}),
        ("query { viewer { login repositories(first: 5, orderBy: {field: UPDATED_AT, direction: DESC}) { nodes { name } } } }", {}),
    ])
    return "graphql", "POST", "/graphql", "application/json", json.dumps({"operationName": None, "query": q[0], "variables": q[1]})


def _rest_json(g):
    first, last = g.pick(W.FIRST_NAMES), g.pick(W.LAST_NAMES)
    return g.pick([
        ("rest-json", "POST", "/rest/default/V1/guest-carts/%s/shipping-information" % g.alnum(32), "application/json", json.dumps(
            {"addressInformation": {"shipping_address": {"countryId": "US", "regionId": "12", "region": "California",
                                                         "street": [g.pick(W.STREETS), "Apt #4"], "company": g.pick(W.COMPANIES),
                                                         "telephone": "(555) 010-0199", "postcode": "90210", "city": g.pick(W.CITIES),
                                                         "firstname": first, "lastname": last},
                                    "shipping_method_code": "flatrate", "shipping_carrier_code": "flatrate"}})),
        ("rest-json", "POST", "/wp-json/wc/store/v1/cart/add-item", "application/json", json.dumps({"id": g.n(1, 999), "quantity": g.n(1, 3), "variation": [{"attribute": "pa_size", "value": "xl"}]})),
        ("rest-json", "POST", "/wp-json/wp/v2/comments", "application/json", json.dumps({"post": g.n(1, 999), "author_name": "%s %s" % (first, last), "author_email": g.email(), "content": message(g)})),
        ("rest-json", "PATCH", "/api/users/me", "application/json", json.dumps({"display_name": "%s %s" % (first, last), "bio": message(g), "website": "https://%s/" % g.host(), "settings": {"theme": "dark", "notifications": {"email": True}}})),
        ("rest-json", "POST", "/api/search", "application/json", json.dumps({"query": g.search(), "filters": {"category": [g.slug(1)], "price": {"gte": 10, "lte": 100}}, "sort": [{"field": "price", "order": "desc"}], "page": g.n(1, 9)})),
        ("rest-json", "POST", "/livewire/update", "application/json", json.dumps({"_token": g.alnum(40), "components": [{"snapshot": json.dumps({"data": {"search": g.search(), "sortBy": "created_at", "sortDir": "desc"}, "memo": {"id": g.alnum(20), "name": "post-table", "path": "posts", "method": "GET"}, "checksum": g.hexs(64)}), "updates": {"search": g.search()}, "calls": []}]})),
        ("rest-json", "POST", "/index.php/apps/text/session/%d/push" % g.n(1, 999), "application/json", json.dumps({"documentId": g.n(1, 9999), "sessionId": g.n(1, 9999), "sessionToken": g.alnum(64), "steps": [g.b64(30)], "version": g.n(1, 400), "awareness": g.b64(40)})),
        ("rest-json", "PUT", "/ocs/v2.php/apps/files_sharing/api/v1/shares/%d" % g.n(1, 999), "application/json", json.dumps({"permissions": 17, "note": message(g), "expireDate": "2026-12-31"})),
    ])


def _beacon(g):
    url = "https://%s/%s/?utm_source=x" % (g.host(), g.slug())
    return g.pick([
        ("beacon", "POST", "/api/event", "application/json", json.dumps({"n": "pageview", "u": url, "d": g.host(), "r": g.pick(["https://www.google.com/", None]), "w": 1920, "h": 0})),
        ("beacon", "POST", "/api/send", "application/json", json.dumps({"type": "event", "payload": {"website": g.uuid(), "hostname": g.host(), "screen": "1920x1080", "language": "en-US", "title": g.pick(["Rock & Roll – Home", "O'Reilly's Pub | Menu", g.title()]), "url": "/%s" % g.slug(), "referrer": ""}})),
        ("beacon", "POST", "/csp-report", "application/csp-report", json.dumps({"csp-report": {"document-uri": url, "referrer": "", "violated-directive": "script-src-elem", "effective-directive": "script-src-elem", "original-policy": "default-src 'self'; script-src 'self' 'unsafe-inline' https://www.googletagmanager.com; report-uri /csp-report", "disposition": "report", "blocked-uri": "inline", "line-number": g.n(1, 300), "source-file": url, "status-code": 200, "script-sample": "window.dataLayer = window.dataLayer || [];"}})),
        ("beacon", "POST", "/reports", "application/reports+json", json.dumps([{"age": g.n(1, 9999), "body": {"blockedURL": "inline", "disposition": "enforce", "documentURL": url, "effectiveDirective": "script-src-elem", "originalPolicy": "script-src 'self' 'nonce-%s'; object-src 'none'; base-uri 'none'" % g.b64(16), "sample": "console.log(\"hi\")", "statusCode": 200}, "type": "csp-violation", "url": url, "user_agent": g.ua()[1]}])),
        ("beacon", "POST", "/monitoring?o=%d&p=%d" % (g.n(10 ** 5, 10 ** 6), g.n(10 ** 6, 10 ** 7)), "application/json", json.dumps({"exception": {"values": [{"type": "TypeError", "value": "Cannot read properties of undefined (reading 'map')", "stacktrace": {"frames": [{"filename": "https://%s/_next/static/chunks/pages/_app-%s.js" % (g.host(), g.hexs(16)), "function": "Array.forEach", "lineno": 1, "colno": g.n(100, 99999)}]}}]}, "request": {"url": url, "headers": {"User-Agent": g.ua()[1]}}})),
    ])


def _multipart(g):
    parts = []
    kind = g.r.random()
    fname = g.pick(W.FILE_NAMES_PRIVATE)
    if kind < 0.35:
        target = "/wp-admin/async-upload.php"
        parts = [("name", fname, None), ("action", "upload-attachment", None), ("_wpnonce", g.hexs(10), None),
                 ("post_id", str(g.n(0, 999)), None), ("async-upload", "(file content)", fname)]
    elif kind < 0.6:
        target = "/wp-json/contact-form-7/v1/contact-forms/%d/feedback" % g.n(5, 900)
        parts = [("_wpcf7", str(g.n(5, 900)), None), ("your-name", g.name(), None), ("your-email", g.email(), None),
                 ("your-message", message(g), None), ("your-cv", "(file content)", fname)]
    elif kind < 0.75:
        target = "/remote.php/dav/uploads/alice/web-file-upload-%s/1" % g.hexs(16)
        parts = [("file", "(file content)", fname), ("path", "/Documents/%s" % fname, None)]
    elif kind < 0.9:
        target = "/api/profile/avatar"
        parts = [("avatar", "(image bytes)", g.pick(["me.jpg", "IMG_0042.HEIC", "photo (1).png", "avatar@2x.png"])),
                 ("crop", json.dumps({"x": 0, "y": 12, "w": 256, "h": 256}), None)]
    else:
        target = "/posting.php?mode=reply&f=%d&t=%d" % (g.n(1, 40), g.n(1, 9999))
        parts = [("subject", "Re: " + g.title(), None), ("message", message(g), None),
                 ("attachment_data[0][real_filename]", fname, None), ("fileupload", "(file content)", fname),
                 ("post", "Submit", None), ("creation_time", str(g.ts()), None), ("form_token", g.hexs(40), None)]
    out = []
    for name, value, fn in parts:
        out.append("--" + BOUNDARY)
        disp = 'Content-Disposition: form-data; name="%s"' % name
        if fn is not None:
            disp += '; filename="%s"' % fn.replace('"', "%22")
        out.append(disp)
        if fn is not None:
            out.append("Content-Type: application/octet-stream")
        out.append("")
        out.append(value)
    out.append("--" + BOUNDARY + "--")
    out.append("")
    return "upload", "POST", target, MP, "\r\n".join(out)


def _xml(g):
    return g.pick([
        ("webdav", "PROPFIND", "/remote.php/dav/files/alice/Documents/", "application/xml; charset=utf-8",
         '<?xml version="1.0"?>\n<d:propfind xmlns:d="DAV:" xmlns:oc="http://owncloud.org/ns" xmlns:nc="http://nextcloud.org/ns"><d:prop><d:getlastmodified/><d:getetag/><d:getcontenttype/><d:resourcetype/><oc:fileid/><oc:permissions/><oc:size/><d:getcontentlength/><nc:has-preview/><oc:favorite/><oc:comments-unread/><oc:owner-display-name/><oc:share-types/></d:prop></d:propfind>'),
        ("webdav", "REPORT", "/remote.php/dav/calendars/alice/personal/", "application/xml; charset=utf-8",
         '<?xml version="1.0" encoding="UTF-8"?>\n<c:calendar-query xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav"><d:prop><d:getetag/><c:calendar-data/></d:prop><c:filter><c:comp-filter name="VCALENDAR"><c:comp-filter name="VEVENT"><c:time-range start="20261201T000000Z" end="20270101T000000Z"/></c:comp-filter></c:comp-filter></c:filter></c:calendar-query>'),
        ("xmlrpc", "POST", "/xmlrpc.php", "text/xml",
         '<?xml version="1.0"?><methodCall><methodName>wp.getUsersBlogs</methodName><params><param><value><string>%s</string></value></param><param><value><string>%s</string></value></param></params></methodCall>' % (g.pick(W.FIRST_NAMES).lower(), _pw(g).replace("&", "&amp;").replace("<", "&lt;"))),
        ("xmlrpc", "POST", "/xmlrpc.php", "text/xml",
         '<?xml version="1.0"?><methodCall><methodName>pingback.ping</methodName><params><param><value><string>https://%s/%s/</string></value></param><param><value><string>https://%s/%s/%s/</string></value></param></params></methodCall>' % (g.host(), g.slug(), g.host(), g.date_path(), g.slug())),
        ("soap", "POST", "/services/OrderService.asmx", "text/xml; charset=utf-8",
         '<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><GetOrders xmlns="http://example.com/"><customer>%s</customer><from>2026-01-01</from><status>shipped &amp; paid</status></GetOrders></soap:Body></soap:Envelope>' % g.pick(W.COMPANIES).replace("&", "&amp;").replace('"', "&quot;")),
    ])


BODY_KINDS = [
    (_wp_login, 8), (_app_login, 6), (_checkout, 8), (_comment, 10), (_contact, 12),
    (_wp_ajax, 14), (_aspnet, 4), (_gutenberg, 8), (_graphql, 5), (_rest_json, 9),
    (_beacon, 6), (_multipart, 7), (_xml, 3),
]


def body(g):
    kinds = [f for f, w in BODY_KINDS for _ in range(w)]
    return g.pick(kinds)(g)


def placement(ctype):
    """The placement a body's fields are in, from its content type."""
    c = ctype.split(";")[0].strip().lower()
    if c == "application/x-www-form-urlencoded":
        return "form"
    if c == "multipart/form-data":
        return "multipart"
    if c.endswith("json") or c == "application/csp-report":
        return "json"
    return "xml"
