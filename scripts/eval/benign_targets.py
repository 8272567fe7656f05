"""Request-targets of the benign traffic generator (gen_benign.py): one
function per kind of site or traffic, each returning (method, target) as
the client sends it. TARGETS lists them with their class and weight."""
import json

import benign_words as W
from benign_common import q_form, q_url, q_comp, q_path


def wordpress(g):
    r = g.r.random()
    if r < 0.12:
        t = "/%s/%s/" % (g.date_path(), g.slug())
    elif r < 0.2:
        t = g.pick(["/", "/blog/", "/about/", "/contact/", "/feed/", "/comments/feed/",
                    "/sitemap_index.xml", "/post-sitemap.xml", "/robots.txt",
                    "/favicon.ico", "/page/%d/" % g.n(2, 40), "/?amp=1"])
    elif r < 0.26:
        t = "/%s/%s/" % (g.pick(["category", "tag", "author"]), g.slug(2))
        if g.chance(0.3):
            t += "page/%d/" % g.n(2, 9)
    elif r < 0.32:
        t = "/?s=%s" % q_form(g.search())
        if g.chance(0.3):
            t += "&post_type=" + g.pick(["product", "post", "page", "any"])
    elif r < 0.36:
        t = g.pick(["/?p=%d", "/?page_id=%d", "/?attachment_id=%d", "/?replytocom=%d",
                    "/?preview_id=%d&preview_nonce=" + g.hexs(10) + "&preview=true"]) % g.n(1, 9999)
    elif r < 0.5:
        kind = g.pick(["uploads", "themes", "plugins", "includes"])
        if kind == "uploads":
            name = g.pick(W.FILE_NAMES) if g.chance(0.3) else "%s-%dx%d.%s" % (
                g.slug(2), g.n(100, 2000), g.n(100, 2000), g.pick(["jpg", "png", "webp"]))
            t = "/wp-content/uploads/%s/%s" % (g.date_path(), q_path(name.replace(" ", "-")))
        elif kind == "themes":
            t = "/wp-content/themes/%s/%s?ver=%d.%d.%d" % (
                g.pick(["astra", "generatepress", "twentytwentyfour", "kadence", "divi",
                        "oceanwp", "hello-elementor"]),
                g.pick(["style.css", "assets/js/minified/frontend.min.js",
                        "assets/css/main.min.css", "js/navigation.js"]),
                g.n(1, 6), g.n(0, 20), g.n(0, 9))
        elif kind == "plugins":
            t = "/wp-content/plugins/%s?ver=%d.%d.%d" % (
                g.pick(["elementor/assets/css/frontend.min.css",
                        "woocommerce/assets/js/frontend/cart-fragments.min.js",
                        "contact-form-7/includes/js/index.js",
                        "wordpress-seo/css/dist/adminbar-2240.css",
                        "jetpack/_inc/build/photon/photon.min.js",
                        "wp-rocket/assets/js/lazyload/17.8.3/lazyload.min.js",
                        "gravityforms/js/gravityforms.min.js"]),
                g.n(1, 9), g.n(0, 30), g.n(0, 9))
        else:
            t = "/wp-includes/%s?ver=%s" % (
                g.pick(["js/jquery/jquery.min.js", "js/jquery/jquery-migrate.min.js",
                        "css/dist/block-library/style.min.css", "js/wp-emoji-release.min.js",
                        "js/dist/hooks.min.js", "js/comment-reply.min.js"]),
                g.pick(["6.4.3", "3.7.1", "6.5.2", g.hexs(20)]))
    elif r < 0.62:
        t = g.pick([
            "/wp-json/wp/v2/posts?_fields=id,title&per_page=100",
            "/wp-json/wp/v2/posts?_fields=id,title,link,excerpt&per_page=%d&page=%d" % (g.n(5, 100), g.n(1, 9)),
            "/wp-json/wp/v2/posts?search=%s&_embed" % q_comp(g.search()),
            "/wp-json/wp/v2/pages?slug=%s&_locale=user" % g.slug(2),
            "/wp-json/wp/v2/users/me?context=edit&_locale=user",
            "/wp-json/wp/v2/media?media_type=image&per_page=%d&orderby=date&order=desc" % g.n(10, 80),
            "/wp-json/wp/v2/categories?per_page=100&orderby=count&order=desc&_fields=id,name,parent",
            "/wp-json/wp/v2/types?context=view&_locale=user",
            "/wp-json/wp/v2/block-renderer/core/latest-posts?context=edit&attributes%%5BpostsToShow%%5D=%d&_locale=user" % g.n(3, 9),
            "/wp-json/wp/v2/search?search=%s&per_page=20&type=post&subtype=any" % q_comp(g.search()),
            "/wp-json/oembed/1.0/embed?url=%s" % q_comp("https://%s/%s/%s/" % (g.host(), g.date_path(), g.slug())),
            "/wp-json/wp-site-health/v1/tests/background-updates?_locale=user",
            "/wp-json/yoast/v1/get_head?url=%s" % q_comp("https://%s/%s/" % (g.host(), g.slug())),
            "/wp-json/contact-form-7/v1/contact-forms/%d/feedback/schema" % g.n(5, 900),
            "/?rest_route=/wp/v2/posts&per_page=%d" % g.n(5, 50),
            "/?rest_route=%s" % q_comp("/wp/v2/posts/%d" % g.n(1, 9999)) + "&_locale=user",
            "/index.php?rest_route=/wp/v2/search&search=%s" % q_url(g.search()),
        ])
    elif r < 0.8:
        t = g.pick([
            "/wp-admin/", "/wp-admin/post.php?post=%d&action=edit" % g.n(1, 9999),
            "/wp-admin/post.php?post=%d&action=edit&classic-editor" % g.n(1, 9999),
            "/wp-admin/edit.php?post_type=page&orderby=title&order=asc",
            "/wp-admin/edit.php?s=%s&post_status=all&post_type=post&action=-1&m=0&cat=0&paged=1&action2=-1" % q_form(g.search()),
            "/wp-admin/upload.php?mode=list", "/wp-admin/upload.php?item=%d" % g.n(1, 9999),
            "/wp-admin/options-general.php?page=wpseo_dashboard",
            "/wp-admin/admin.php?page=wc-orders&status=wc-processing",
            "/wp-admin/admin.php?page=wc-admin&path=%s" % q_comp("/analytics/overview"),
            "/wp-admin/admin.php?page=elementor", "/wp-admin/admin.php?page=wpcf7&post=%d&action=edit" % g.n(5, 900),
            "/wp-admin/plugins.php?plugin_status=all&paged=1&s",
            "/wp-admin/plugins.php?action=activate&plugin=%s&_wpnonce=%s" % (
                q_comp("classic-editor/classic-editor.php"), g.hexs(10)),
            "/wp-admin/customize.php?return=%s" % q_comp("/wp-admin/themes.php"),
            "/wp-admin/post-new.php?post_type=product",
            "/wp-admin/users.php?s=%s&action=-1&new_role&paged=1" % q_form(g.name()),
            "/wp-admin/load-scripts.php?c=0&load%%5Bchunk_0%%5D=jquery-core,jquery-migrate,utils,moxiejs,plupload&ver=%s" % g.pick(["6.4.3", "6.5.2"]),
            "/wp-admin/load-styles.php?c=0&dir=ltr&load%%5Bchunk_0%%5D=dashicons,admin-bar,buttons,media-views,common,forms&ver=%s" % g.pick(["6.4.3", "6.5.2"]),
            "/wp-admin/admin-ajax.php?action=%s" % g.pick(["heartbeat", "wp-compression-test", "dashboard-widgets",
                                                           "ajax-tag-search&tax=post_tag&q=" + q_comp(g.search())]),
            "/wp-admin/update-core.php?force-check=1", "/wp-admin/site-health.php?tab=debug",
            "/wp-admin/nav-menus.php?action=edit&menu=%d" % g.n(2, 30),
            "/wp-admin/term.php?taxonomy=category&tag_ID=%d&post_type=post&wp_http_referer=%s" % (
                g.n(1, 99), q_comp("/wp-admin/edit-tags.php?taxonomy=category")),
            "/wp-login.php?redirect_to=%s&reauth=1" % q_comp("https://%s/wp-admin/" % g.host()),
            "/wp-login.php?action=lostpassword", "/wp-login.php?loggedout=true&wp_lang=en_US",
            "/wp-login.php?action=rp&key=%s&login=%s" % (g.alnum(20), q_comp(g.pick(W.FIRST_NAMES).lower())),
            "/wp-cron.php?doing_wp_cron=%d.%d" % (g.ts(), g.n(10 ** 9, 10 ** 10 - 1)),
            "/xmlrpc.php?rsd", "/wp-admin/about.php?updated",
            "/?customize_changeset_uuid=%s&customize_theme=astra&customize_messenger_channel=preview-0" % g.uuid(),
            "/?elementor-preview=%d&ver=%d" % (g.n(1, 9999), g.ts()),
            "/?et_fb=1&PageSpeed=off", "/?fl_builder", "/?wc-ajax=get_refreshed_fragments",
        ])
    else:
        # a page with a search or archive filter a theme or plugin adds
        t = g.pick([
            "/events/list/?tribe-bar-date=2024-03-01&tribe-bar-search=%s" % q_form(g.search()),
            "/events/?tribe_eventcategory%%5B0%%5D=%d&tribe-bar-date=%d-%02d" % (g.n(2, 40), g.n(2023, 2026), g.n(1, 12)),
            "/jobs/?search_keywords=%s&search_location=%s" % (q_form(g.search()), q_form(g.pick(W.CITIES))),
            "/%s/?orderby=date&order=DESC" % g.slug(1),
            "/recipes/?wprm_search=%s&wprm_course=%s" % (q_form(g.search()), g.pick(["dinner", "dessert"])),
            "/members/%s/activity/" % g.pick(W.FIRST_NAMES).lower(),
            "/forums/search/%s/" % q_path(g.search()),
            "/?lang=%s" % g.pick(["en", "de", "fr", "pt-br", "zh-hans"]),
            "/%s/?print=pdf" % g.slug(),
            "/download/%s/?wpdmdl=%d&refresh=%s%d" % (g.slug(2), g.n(10, 9999), g.hexs(13), g.ts()),
        ])
    return "GET", g.with_tracking(t)


def woocommerce(g):
    r = g.r.random()
    if r < 0.25:
        t = "/product/%s/" % g.slug()
        if g.chance(0.2):
            t += "?attribute_pa_color=%s&attribute_pa_size=%s" % (
                g.pick(["blue", "dark-red", "black"]), g.pick(["s", "m", "xl", "42"]))
    elif r < 0.45:
        t = g.pick(["/shop/", "/product-category/%s/" % g.slug(2),
                    "/product-category/%s/%s/" % (g.slug(1), g.slug(1)), "/product-tag/sale/"])
        ps = []
        if g.chance(0.5):
            ps.append("orderby=" + g.pick(["price", "price-desc", "popularity", "rating", "date", "menu_order"]))
        if g.chance(0.3):
            ps.append("filter_color=%s&query_type_color=or" % ",".join(
                g.pick(["blue", "red", "green", "black", "white"]) for _ in range(g.n(1, 3))))
        if g.chance(0.3):
            ps.append("min_price=%d&max_price=%d" % (g.n(0, 50), g.n(60, 500)))
        if g.chance(0.2):
            ps.append("rating_filter=%d" % g.n(1, 5))
        if g.chance(0.2):
            ps.append("paged=%d" % g.n(2, 9))
        if ps:
            t += "?" + "&".join(ps)
    elif r < 0.55:
        t = "/?post_type=product&s=%s" % q_form(g.search())
    elif r < 0.7:
        t = g.pick([
            "/cart/", "/checkout/", "/my-account/", "/my-account/orders/",
            "/my-account/view-order/%d/" % g.n(1000, 99999),
            "/my-account/edit-address/billing/", "/my-account/lost-password/?reset-link-sent=true",
            "/?add-to-cart=%d" % g.n(10, 9999), "/?add-to-cart=%d&quantity=%d" % (g.n(10, 9999), g.n(1, 5)),
            "/cart/?remove_item=%s&_wpnonce=%s" % (g.hexs(32), g.hexs(10)),
            "/cart/?undo_item=%s&_wpnonce=%s" % (g.hexs(32), g.hexs(10)),
            "/checkout/order-received/%d/?key=wc_order_%s" % (g.n(1000, 99999), g.alnum(13)),
            "/checkout/order-pay/%d/?pay_for_order=true&key=wc_order_%s" % (g.n(1000, 99999), g.alnum(13)),
            "/?wc-ajax=update_order_review", "/?wc-ajax=checkout", "/?wc-ajax=apply_coupon",
            "/?wc-ajax=get_refreshed_fragments&_=%d" % g.ms(),
            "/?wc-api=WC_Gateway_Paypal", "/wc-api/wc_stripe/?wc-ajax=wc_stripe_verify_intent&order=%d&nonce=%s&redirect_to=%s" % (
                g.n(1000, 99999), g.hexs(10), q_comp("https://%s/checkout/order-received/%d/?key=wc_order_%s" % (g.host(), g.n(1000, 99999), g.alnum(13)))),
        ])
    else:
        t = g.pick([
            "/wp-json/wc/store/v1/cart", "/wp-json/wc/store/v1/cart?_locale=user",
            "/wp-json/wc/store/v1/products?per_page=%d&orderby=date&order=desc&category=%d" % (g.n(4, 24), g.n(10, 99)),
            "/wp-json/wc/store/v1/products?search=%s&per_page=10" % q_comp(g.search()),
            "/wp-json/wc/store/v1/products?attributes%%5B0%%5D%%5Battribute%%5D=pa_color&attributes%%5B0%%5D%%5Bterm_id%%5D=%d&attributes%%5B0%%5D%%5Boperator%%5D=in" % g.n(10, 99),
            "/wp-json/wc/store/v1/products/collection-data?calculate_price_range=true&calculate_attribute_counts%%5B0%%5D%%5Bquery_type%%5D=or&calculate_attribute_counts%%5B0%%5D%%5Btaxonomy%%5D=pa_size",
            "/wp-json/wc-analytics/reports/revenue/stats?interval=day&order=asc&per_page=100&after=2024-03-01T00%3A00%3A00&before=2024-03-31T23%3A59%3A59&_locale=user",
            "/wp-json/wc/v3/orders?status=processing&per_page=50&orderby=date&order=desc",
            "/wp-json/wc-admin/onboarding/tasks?_locale=user",
        ])
    return "GET", g.with_tracking(t, 0.25)


def drupal(g):
    t = g.pick([
        "/node/%d" % g.n(1, 9999), "/node/%d/edit" % g.n(1, 9999), "/node/%d/revisions" % g.n(1, 999),
        "/user/login?destination=%s" % q_url("/node/%d" % g.n(1, 999)),
        "/user/login?destination=/admin/content%3Ftype%3Darticle",
        "/admin/content?title=%s&type=article&status=1&langcode=All&order=changed&sort=desc" % q_form(g.search()),
        "/admin/content?title=&type=All&status=All&langcode=All&items_per_page=50&page=%d" % g.n(1, 9),
        "/taxonomy/term/%d" % g.n(1, 200), "/search/node?keys=%s" % q_form(g.search()),
        "/search/node?keys=%s&f%%5B0%%5D=type%%3Aarticle" % q_form(g.search()),
        "/admin/structure/views", "/admin/config/development/performance",
        "/admin/reports/dblog?type%5B%5D=php&severity%5B%5D=3",
        "/sites/default/files/styles/large/public/%d-%02d/%s.jpg?itok=%s" % (
            g.n(2019, 2026), g.n(1, 12), g.slug(2), g.alnum(8, "-_")),
        "/sites/default/files/%s" % q_path(g.pick(W.FILE_NAMES)),
        "/core/misc/drupal.js?v=%s" % g.pick(["10.2.3", "9.5.11"]),
        "/core/assets/vendor/jquery/jquery.min.js?v=3.7.1",
        "/sites/default/files/css/css_%s.css?delta=0&language=en&theme=olivero&include=%s" % (
            g.alnum(43, "-_"), g.alnum(80, "-_")),
        "/views/ajax?_wrapper_format=drupal_ajax&view_name=%s&view_display_id=page_1&view_args=&view_path=%s&view_base_path=%s&pager_element=0&page=%d&_drupal_ajax=1&ajax_page_state%%5Btheme%%5D=olivero&ajax_page_state%%5Btheme_token%%5D=&ajax_page_state%%5Blibraries%%5D=%s" % (
            g.slug(1), q_comp("/node/%d" % g.n(1, 99)), g.slug(1), g.n(1, 9), q_comp("core/drupal.ajax,olivero/global-styling,views/views.module")),
        "/jsonapi/node/article?filter%%5Bstatus%%5D=1&sort=-created&page%%5Blimit%%5D=%d&include=field_image,uid" % g.n(5, 50),
        "/jsonapi/node/article?filter[title][condition][path]=title&filter[title][condition][operator]=CONTAINS&filter[title][condition][value]=%s" % q_url(g.pick(W.SLUG_WORDS)),
        "/?q=node/%d" % g.n(1, 999), "/?q=user/password", "/batch?id=%d&op=do_nojs" % g.n(1, 999),
        "/node/add/article", "/contextual/render?_wrapper_format=json&destination=%s" % q_comp("/node/%d" % g.n(1, 99)),
        "/user/%d/edit?pass-reset-token=%s" % (g.n(2, 999), g.alnum(43, "-_")),
        "/user/reset/%d/%d/%s/login" % (g.n(2, 999), g.ts(), g.alnum(43, "-_")),
        "/admin/modules?search=%s" % q_form(g.pick(W.SLUG_WORDS)),
        "/media/oembed?url=%s&max_width=0&max_height=0&hash=%s" % (
            q_comp("https://www.youtube.com/watch?v=" + g.alnum(11, "-_")), g.alnum(43, "-_")),
    ])
    return "GET", g.with_tracking(t)


def joomla(g):
    t = g.pick([
        "/index.php?option=com_content&view=article&id=%d&catid=%d&Itemid=%d" % (g.n(1, 999), g.n(1, 40), g.n(100, 300)),
        "/index.php?option=com_content&view=category&layout=blog&id=%d&Itemid=%d&limitstart=%d" % (g.n(1, 40), g.n(100, 300), g.n(0, 5) * 10),
        "/index.php?option=com_users&view=login", "/index.php?option=com_users&view=reset",
        "/index.php?option=com_users&view=login&return=%s" % g.b64json("index.php?Itemid=101", url=False).replace("=", ""),
        "/administrator/index.php?option=com_content&view=articles",
        "/administrator/index.php?option=com_content&view=articles&filter%%5Bsearch%%5D=%s&list%%5Bfullordering%%5D=a.id+DESC&list%%5Blimit%%5D=20" % q_form(g.search()),
        "/administrator/index.php?option=com_config", "/administrator/index.php?option=com_installer&view=update",
        "/index.php/component/search/?searchword=%s&searchphrase=all&Itemid=101" % q_form(g.search()),
        "/index.php?option=com_finder&view=search&q=%s&Itemid=%d" % (q_form(g.search()), g.n(100, 300)),
        "/index.php?option=com_ajax&module=%s&method=get&format=json" % g.pick(["articles_news", "weather", "login"]),
        "/component/content/article/%d-%s?catid=%d&Itemid=101" % (g.n(1, 999), g.slug(3), g.n(1, 40)),
        "/%s?tmpl=component&print=1&layout=default" % g.slug(3),
        "/media/jui/js/jquery.min.js?%s" % g.hexs(32),
        "/media/system/js/core.min.js?%s" % g.hexs(20),
        "/images/%s" % q_path(g.pick(W.FILE_NAMES)),
        "/index.php?option=com_virtuemart&view=category&virtuemart_category_id=%d&orderby=product_price&dir=DESC" % g.n(1, 90),
        "/index.php?option=com_k2&view=itemlist&task=search&searchword=%s" % q_form(g.search()),
        "/%s.html?start=%d" % (g.slug(3), g.n(1, 9) * 10),
    ])
    return "GET", g.with_tracking(t)


def magento(g):
    t = g.pick([
        "/catalogsearch/result/?q=%s" % q_form(g.search()),
        "/catalogsearch/result/index/?cat=%d&q=%s&product_list_order=price" % (g.n(3, 40), q_form(g.search())),
        "/search/ajax/suggest/?q=%s&_=%d" % (q_comp(g.search()), g.ms()),
        "/checkout/cart/", "/checkout/", "/customer/account/login/",
        "/customer/account/login/referer/%s/" % g.b64json("https://%s/checkout/" % g.host(), url=False).replace("=", ",").replace("/", "_").replace("+", "-"),
        "/%s/%s.html?color=%d&size=%d&product_list_order=%s" % (
            g.pick(["women", "men", "gear"]), g.slug(2), g.n(40, 60), g.n(160, 180), g.pick(["price", "name", "position"])),
        "/%s.html?p=%d&product_list_limit=%d" % (g.slug(2), g.n(2, 9), g.pick([12, 24, 36])),
        "/static/version%d/frontend/Magento/luma/en_US/mage/requirejs/mixins.js" % g.ts(),
        "/static/version%d/frontend/%s/%s/en_US/js-translation.json" % (g.ts(), g.pick(["Smartwave", "Magento"]), g.pick(["porto", "luma"])),
        "/media/catalog/product/cache/%s/%s/%s/%s.jpg" % (g.hexs(32), g.pick("abmw"), g.pick("bjs0"), g.slug(2)),
        "/customer/section/load/?sections=cart%%2Cmessages&force_new_section_timestamp=false&_=%d" % g.ms(),
        "/customer/section/load/?sections=&force_new_section_timestamp=true&_=%d" % g.ms(),
        "/rest/default/V1/products?searchCriteria[filterGroups][0][filters][0][field]=sku&searchCriteria[filterGroups][0][filters][0][value]=%s&searchCriteria[filterGroups][0][filters][0][conditionType]=eq" % g.alnum(6).upper(),
        "/rest/V1/directory/countries", "/rest/default/V1/guest-carts/%s/payment-methods" % g.alnum(32),
        "/graphql?query=%s" % q_comp("query { products(search: \"%s\", pageSize: 20) { items { name sku price_range { minimum_price { final_price { value currency } } } } } }" % g.pick(W.SLUG_WORDS)),
        "/catalog/product/view/id/%d/s/%s/category/%d/" % (g.n(1, 9999), g.slug(2), g.n(3, 40)),
        "/admin/sales/order/view/order_id/%d/key/%s/" % (g.n(1, 9999), g.hexs(64)),
        "/admin/catalog/product/index/key/%s/?search=%s" % (g.hexs(64), q_form(g.search())),
        "/page_cache/block/esi/blocks/%%5B%%22catalog.topnav%%22%%5D/handles/%s/" % g.b64json(["default", "cms_index_index"], url=False).replace("=", ","),
    ])
    return "GET", g.with_tracking(t, 0.2)


def nextcloud(g):
    user = g.pick(["alice", "bob", "jane.oneil", "admin", "m.mueller", "family"])
    folder = g.pick(["Photos/2023 Summer", "Documents", "Documents/Taxes (2023)", "Shared/Team [Q1]",
                     "Music/AC-DC", "Notes", "Talk", "Photos/Mom & Dad", "Work/Project 'Atlas'",
                     "Backup/phone/DCIM/Camera"])
    fname = g.pick(W.FILE_NAMES_PRIVATE)
    r = g.r.random()
    if r < 0.35:
        m = g.pick(["PROPFIND", "PROPFIND", "GET", "PUT", "MOVE", "MKCOL", "REPORT", "DELETE", "HEAD"])
        # each segment encoded, the slashes kept (as the clients send it)
        path = folder + "/" + fname if m != "MKCOL" else folder
        t = "/remote.php/dav/files/%s/%s" % (user, "/".join(q_path(p) for p in path.split("/")))
        return m, t
    t = g.pick([
        "/index.php/apps/files/?dir=%s&fileid=%d" % (q_comp("/" + folder), g.n(100, 999999)),
        "/apps/files/files/%d?dir=%s&openfile=true" % (g.n(100, 999999), q_comp("/" + folder)),
        "/ocs/v2.php/apps/notifications/api/v2/notifications?format=json",
        "/ocs/v2.php/cloud/capabilities?format=json", "/ocs/v1.php/cloud/user?format=json",
        "/index.php/core/preview?fileId=%d&x=%d&y=%d&a=true&v=%s" % (g.n(100, 999999), g.pick([32, 64, 250, 256, 1024]), g.pick([32, 64, 250, 256, 1024]), g.hexs(13)),
        "/index.php/core/preview.png?file=%s&c=%s&x=250&y=250&forceIcon=0" % (q_comp("/" + folder + "/" + fname), g.hexs(32)),
        "/index.php/s/%s/download?path=%s&files=%s" % (g.alnum(15), q_comp("/" + folder), q_comp(fname)),
        "/status.php", "/index.php/login?redirect_url=%s" % q_comp("/index.php/apps/files/?dir=/" + folder),
        "/index.php/apps/files_sharing/api/v1/shares?format=json&path=%s&reshares=true" % q_comp("/" + folder),
        "/ocs/v2.php/apps/files_sharing/api/v1/sharees?search=%s&itemType=file&page=1&perPage=25&lookup=false" % q_comp(g.name()),
        "/index.php/avatar/%s/%d?v=%d" % (user, g.pick([32, 64, 145]), g.n(1, 9)),
        "/ocs/v2.php/apps/spreed/api/v4/room?includeStatus=true",
        "/ocs/v2.php/apps/spreed/api/v1/chat/%s?lookIntoFuture=1&limit=100&lastKnownMessageId=%d&timeout=30&includeLastKnown=0" % (g.alnum(8).lower(), g.n(1000, 99999)),
        "/index.php/apps/dashboard/", "/remote.php/dav/calendars/%s/personal/?export&accept=ics" % user,
        "/index.php/apps/calendar/timeGridWeek/now", "/index.php/apps/photos/api/v1/preview/%d?x=2048&y=2048" % g.n(100, 999999),
        "/index.php/apps/theming/image/background?v=%d" % g.n(1, 40),
        "/index.php/css/core/%s-server.css?v=%s" % (g.hexs(4), g.hexs(32)),
        "/index.php/js/core/merged-template-prepend.js?v=%s" % g.hexs(8),
        "/apps/text/js/text-files.js?v=%s-%d" % (g.hexs(8), g.n(1, 99)),
        "/index.php/apps/files/ajax/download.php?dir=%s&files=%s" % (q_comp("/" + folder), q_comp(json.dumps([fname, "notes.txt"]))),
        "/ocs/v2.php/search/providers/files/search?term=%s&from=%s" % (q_comp(g.search()), q_comp("/apps/files/")),
        "/ocs/v2.php/apps/user_status/api/v1/user_status?format=json",
        "/index.php/apps/mail/api/messages?mailboxId=%d&limit=20&filter=%s" % (g.n(1, 40), q_comp(g.pick(["is:unread", "from:" + g.email(), "subject:" + g.pick(W.SLUG_WORDS), ""]))),
    ])
    return "GET", t


def phpbb(g):
    t = g.pick([
        "/viewtopic.php?f=%d&t=%d&start=%d" % (g.n(1, 40), g.n(1, 99999), g.n(0, 20) * 15),
        "/viewtopic.php?t=%d" % g.n(1, 99999), "/viewtopic.php?p=%d" % g.n(1, 999999),
        "/viewtopic.php?t=%d&hilit=%s" % (g.n(1, 99999), q_form(g.search())),
        "/viewforum.php?f=%d" % g.n(1, 40), "/index.php", "/app.php/feed/topics",
        "/search.php?keywords=%s&terms=all&author=&sc=1&sf=all&sr=posts&sk=t&sd=d&st=0&ch=300&t=0&submit=Search" % q_form(g.search()),
        "/search.php?keywords=%s" % q_form(g.search()),
        "/search.php?search_id=%s" % g.pick(["unanswered", "active_topics", "newposts", "egosearch", "unreadposts"]),
        "/memberlist.php?mode=viewprofile&u=%d" % g.n(2, 9999),
        "/memberlist.php?first_char=%s&sk=c&sd=a" % g.pick("abcdefghijklmnopqrstuvwxyz"),
        "/ucp.php?mode=login&redirect=index.php", "/ucp.php?mode=logout&sid=%s" % g.hexs(32),
        "/ucp.php?i=pm&folder=inbox", "/ucp.php?i=ucp_notifications&mode=notification_list",
        "/posting.php?mode=reply&f=%d&t=%d" % (g.n(1, 40), g.n(1, 99999)),
        "/posting.php?mode=quote&f=%d&p=%d" % (g.n(1, 40), g.n(1, 999999)),
        "/styles/prosilver/theme/stylesheet.css?assets_version=%d" % g.n(1, 99),
        "/download/file.php?id=%d&mode=view" % g.n(1, 9999), "/download/file.php?avatar=%d_%d.png" % (g.n(2, 999), g.ts()),
        "/app.php/help/faq", "/viewonline.php", "/mcp.php?i=main&mode=front&sid=%s" % g.hexs(32),
    ])
    return "GET", t


def mediawiki(g):
    title = g.pick(W.WIKI_TITLES)
    t = g.pick([
        "/wiki/%s" % title, "/wiki/%s" % title, "/wiki/%s" % title,
        "/w/index.php?title=%s&action=edit&section=%d" % (title, g.n(0, 9)),
        "/w/index.php?title=%s&action=history" % title,
        "/w/index.php?title=%s&oldid=%d&diff=prev" % (title, g.n(10 ** 5, 10 ** 8)),
        "/w/index.php?title=Special:Search&search=%s&go=Go" % q_form(g.search()),
        "/w/index.php?search=%s&title=Special%%3ASearch&profile=advanced&fulltext=1&ns0=1" % q_form(g.search()),
        "/w/index.php?title=Special:RecentChanges&hidebots=1&limit=50&days=7&enhanced=1",
        "/w/api.php?action=query&format=json&prop=extracts%%7Cpageimages&titles=%s&exintro=1&explaintext=1" % title,
        "/w/api.php?action=opensearch&format=json&formatversion=2&search=%s&namespace=0&limit=10" % q_comp(g.search()),
        "/w/api.php?action=parse&page=%s&prop=text%%7Csections&format=json" % title,
        "/w/load.php?lang=en&modules=startup&only=scripts&raw=1&skin=vector-2022",
        "/w/load.php?lang=en&modules=ext.cite.styles%7Cmediawiki.page.gallery.styles%7Cskins.vector.styles&only=styles&skin=vector-2022",
        "/w/load.php?lang=de&modules=jquery%2Cmediawiki.base%2Coojs-ui-core&skin=vector&version=" + g.alnum(5).lower(),
        "/w/index.php?title=%s&printable=yes" % title,
        "/w/index.php?title=Special:UserLogin&returnto=%s" % title,
        "/images/thumb/%s/%s/%s/%dpx-%s" % (g.hexs(1), g.hexs(2), "Example_(1).jpg", g.pick([120, 220, 320]), "Example_(1).jpg"),
        "/w/rest.php/v1/search/title?q=%s&limit=10" % q_comp(g.search()),
    ])
    return "GET", t


def spa_assets(g):
    """Front-end build output and dev-server paths of current frameworks."""
    h = g.hexs(g.pick([8, 16, 20]))
    t = g.pick([
        "/_next/static/chunks/pages/_app-%s.js" % h,
        "/_next/static/chunks/app/(marketing)/page-%s.js" % h,
        "/_next/static/chunks/app/(dashboard)/settings/[[...slug]]/page-%s.js" % h,
        "/_next/static/chunks/app/blog/[slug]/page-%s.js" % h,
        "/_next/static/chunks/app/(shop)/products/[id]/layout-%s.js" % h,
        "/_next/static/%s/_buildManifest.js" % g.alnum(21, "-_"),
        "/_next/data/%s/en/blog/%s.json?slug=%s" % (g.alnum(21, "-_"), g.slug(), g.slug()),
        "/_next/image?url=%s&w=%d&q=75" % (q_comp("/_next/static/media/%s.%s.jpg" % (g.slug(1), h)), g.pick([640, 750, 828, 1080, 1200, 1920, 3840])),
        "/_next/image?url=%s&w=%d&q=%d" % (q_comp("https://cdn.example.com/uploads/%s.png" % g.slug(2)), g.pick([256, 384, 640]), g.pick([75, 90])),
        "/blog/%s?_rsc=%s" % (g.slug(), g.alnum(5).lower()),
        "/_nuxt/entry.%s.js" % h, "/_nuxt/pages/index.vue?macro=true", "/_nuxt/builds/meta/%s.json" % g.uuid(),
        "/@vite/client", "/@fs/home/dev/app/node_modules/vite/dist/client/env.mjs",
        "/node_modules/.vite/deps/react.js?v=%s" % g.hexs(8),
        "/src/App.vue?vue&type=style&index=0&scoped=%s&lang.css" % g.hexs(8),
        "/src/components/Button.tsx?t=%d" % g.ms(),
        "/static/js/main.%s.chunk.js" % h, "/static/js/2.%s.chunk.js.map" % h,
        "/static/css/main.%s.css" % h, "/assets/index-%s.js" % g.alnum(8, "-_"),
        "/assets/%s-%s.woff2" % (g.pick(["Inter-Regular", "Roboto-Bold", "fa-solid-900"]), g.alnum(8)),
        "/main.%s.js" % h, "/polyfills.%s.js" % h, "/runtime.%s.js" % h, "/styles.%s.css" % h,
        "/assets/i18n/%s.json" % g.pick(["en", "de", "fr", "pt-BR", "zh-Hans"]),
        "/page-data/sq/d/%d.json" % g.n(10 ** 8, 10 ** 10), "/page-data/%s/page-data.json" % g.slug(),
        "/livewire/livewire.js?id=%s" % g.hexs(8), "/livewire/livewire.min.js.map",
        "/build/assets/app-%s.css" % g.alnum(8), "/sanctum/csrf-cookie",
        "/static/admin/css/base.css", "/admin/jsi18n/", "/_wdt/%s" % g.hexs(6),
        "/rails/active_storage/blobs/redirect/%s--%s/%s" % (g.b64json({"_rails": {"message": g.b64(6), "exp": None, "pur": "blob_id"}}, url=False), g.hexs(40), q_path(g.pick(W.FILE_NAMES))),
        "/rails/active_storage/representations/redirect/%s--%s/%s--%s/photo.jpg" % (g.b64(40), g.hexs(40), g.b64(60), g.hexs(40)),
        "/sw.js", "/manifest.webmanifest", "/service-worker.js", "/workbox-%s.js" % g.hexs(8),
        "/apple-touch-icon-precomposed.png", "/.well-known/assetlinks.json", "/.well-known/apple-app-site-association",
        "/.well-known/acme-challenge/%s" % g.alnum(43, "-_"), "/.well-known/security.txt",
        "/.well-known/openid-configuration", "/.well-known/nodeinfo", "/.well-known/webfinger?resource=%s" % q_comp("acct:%s" % g.email()),
        "/ads.txt", "/humans.txt", "/browserconfig.xml", "/crossdomain.xml",
    ])
    if g.chance(0.1):
        t = g.cache_buster(t)
    return "GET", t


def cdn_images(g):
    img = "%s/%s.%s" % (g.pick(["uploads", "images", "media", "wp-content/uploads/2024/03"]), g.slug(2), g.pick(["jpg", "png", "webp", "avif"]))
    t = g.pick([
        "/cdn-cgi/image/width=%d,quality=%d/%s" % (g.pick([320, 640, 800, 1200]), g.pick([60, 75, 85]), img),
        "/cdn-cgi/image/width=%d,height=%d,fit=cover,gravity=auto,format=auto/%s" % (g.pick([200, 400]), g.pick([200, 300]), img),
        "/cdn-cgi/image/format=auto,metadata=none,onerror=redirect,quality=80,width=%d/%s" % (g.pick([400, 800]), img),
        "/cdn-cgi/rum?", "/cdn-cgi/challenge-platform/h/b/orchestrate/chl_page/v1?ray=%s" % g.hexs(16),
        "/cdn-cgi/scripts/5c5dd728/cloudflare-static/email-decode.min.js",
        "/%s?auto=format,compress&fit=crop&w=%d&h=%d&q=75&crop=faces,edges" % (img, g.pick([400, 800]), g.pick([300, 600])),
        "/%s?w=%d&h=%d&fit=crop&crop=focalpoint&fp-x=0.5&fp-y=0.3&fp-z=1" % (img, g.pick([400, 800]), g.pick([300, 600])),
        "/image/upload/c_fill,g_auto,w_%d,h_%d/f_auto,q_auto/v%d/%s" % (g.pick([400, 800]), g.pick([300, 600]), g.ts(), img),
        "/image/upload/t_media_lib_thumb/l_text:Arial_40_bold:Hello%%20World!,co_rgb:FFF,g_south_west,x_20,y_20/v%d/%s" % (g.ts(), img),
        "/%s?resize=%d%%2C%d&ssl=1" % (img, g.pick([300, 768, 1024]), g.pick([200, 512, 683])),
        "/%s?ver=%d&width=%d" % (img, g.ts(), g.pick([300, 600])),
        "/thumbs/%dx%d/%s" % (g.pick([150, 300]), g.pick([150, 300]), img),
        "/%s?v=%s" % (img, g.hexs(8)),
        "/imgproxy/%s/rs:fill:%d:%d:0/g:sm/%s.jpg" % (g.alnum(43, "-_"), g.pick([300, 600]), g.pick([200, 400]), g.b64(30, url=True)),
    ])
    return "GET", t


def maps(g):
    lat, lon = g.n(-60, 70) + g.r.random(), g.n(-170, 170) + g.r.random()
    z, x, y = g.n(3, 18), g.n(0, 2 ** 14), g.n(0, 2 ** 14)
    place = g.pick(["Eiffel+Tower", "Caf%C3%A9+de+Flore", "O%27Reilly%27s+Pub", "Bahnhof+Z%C3%BCrich",
                    "Rock+%26+Roll+Hall+of+Fame", "Joe%27s+Pizza"])
    t = g.pick([
        "/maps/place/%s/@%.7f,%.7f,%dz/data=!3m1!4b1!4m6!3m5!1s0x%s:0x%s!8m2!3d%.7f!4d%.7f!16s%%2Fg%%2F%s?entry=ttu" % (
            place, lat, lon, z, g.hexs(16), g.hexs(16), lat, lon, g.alnum(10).lower()),
        "/maps/@%.7f,%.7f,%dz" % (lat, lon, z),
        "/maps/dir/%s/%s/@%.4f,%.4f,12z/data=!4m2!4m1!3e0" % (place, q_path(g.pick(W.CITIES)), lat, lon),
        "/tiles/%d/%d/%d.png" % (z, x, y), "/tiles/%d/%d/%d@2x.png" % (z, x, y),
        "/styles/v1/mapbox/streets-v12/tiles/512/%d/%d/%d@2x?access_token=pk.%s" % (z, x, y, g.b64json({"u": "example", "a": g.alnum(25)})),
        "/data/v3/%d/%d/%d.pbf" % (z, x, y), "/osm/%d/%d/%d.png?lang=%s" % (z, x, y, g.pick(["en", "de"])),
        "/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=osm&STYLE=default&TILEMATRIXSET=EPSG:3857&TILEMATRIX=%d&TILEROW=%d&TILECOL=%d&FORMAT=image/png" % (z, y, x),
        "/geoserver/wms?SERVICE=WMS&VERSION=1.1.1&REQUEST=GetMap&FORMAT=image%%2Fpng&TRANSPARENT=true&LAYERS=topp%%3Astates&SRS=EPSG%%3A4326&WIDTH=768&HEIGHT=384&BBOX=%.4f%%2C%.4f%%2C%.4f%%2C%.4f" % (lon, lat, lon + 1, lat + 1),
        "/geoserver/wms?SERVICE=WMS&VERSION=1.1.1&REQUEST=GetMap&LAYERS=topp%%3Astates&CQL_FILTER=%s&SRS=EPSG%%3A4326&BBOX=-124.73,24.96,-66.97,49.37&WIDTH=768&HEIGHT=330&FORMAT=image%%2Fpng" % q_comp(g.pick(["STATE_NAME='New York'", "PERSONS > 15000000", "STATE_ABBR IN ('CA','OR','WA')", "STATE_NAME LIKE 'N%'"])),
        "/geoserver/ows?service=WFS&version=2.0.0&request=GetFeature&typeNames=%s&outputFormat=application%%2Fjson&count=100&cql_filter=%s" % (
            q_comp("ne:populated_places"), q_comp(g.pick(["pop_max>1000000", "name='Paris'", "BBOX(the_geom,0,40,10,50)"]))),
        "/nominatim/search?q=%s&format=jsonv2&limit=5&addressdetails=1" % q_form(g.pick(W.STREETS) + ", " + g.pick(W.CITIES)),
        "/api/geocode?address=%s" % q_comp(g.pick(W.STREETS)),
        "/store-locator/?lat=%.5f&lng=%.5f&radius=%d&filter=%s" % (lat, lon, g.pick([5, 10, 25]), q_comp("open now")),
    ])
    return "GET", t


def apis(g):
    """Query languages in query strings: GraphQL GET, OData, Solr/Lucene and
    Elasticsearch, JSON:API, Strapi, Directus, PostgREST, LoopBack, Ransack,
    Django admin, Feathers, Prometheus behind Grafana, JSONP."""
    word = g.pick(W.SLUG_WORDS)
    name = g.pick(W.LAST_NAMES)
    r = g.r.random()
    if r < 0.14:
        q = g.pick([
            "{user(id:%d){name}}" % g.n(1, 999),
            "{posts(first:10){edges{node{id title date}}}}",
            "query GetPosts($first:Int){posts(first:$first){nodes{id title excerpt}}}",
            "query Product($handle: String!) { product(handle: $handle) { title variants(first: 5) { nodes { price { amount } } } } }",
            "{ search(query: \"%s\", type: REPOSITORY, first: 5) { nodes { ... on Repository { name } } } }" % word,
            "query { menuItems(where: {location: PRIMARY}) { nodes { label url } } }",
            "{generalSettings{title description url}}",
        ])
        t = g.pick(["/graphql?query=%s" % q_comp(q), "/graphql?query=%s" % q_url(q),
                    "/graphql?query=%s&variables=%s&operationName=GetPosts" % (q_comp(q), q_comp(json.dumps({"first": 10}))),
                    "/graphql?operationName=%s&variables=%s&extensions=%s" % (
                        g.pick(["GetPosts", "ProductQuery"]), q_comp(json.dumps({"slug": g.slug()})),
                        q_comp(json.dumps({"persistedQuery": {"version": 1, "sha256Hash": g.hexs(64)}}))),
                    "/index.php?graphql&query=%s" % q_comp(q)])
    elif r < 0.3:
        f = g.pick([
            "Name eq '%s'" % name.replace("'", "''"), "Name eq 'O''Neil' and Price gt 10",
            "startswith(Name,'Mc') and Discontinued eq false", "contains(tolower(Title),'%s')" % word,
            "year(OrderDate) eq 2024 and month(OrderDate) ge 3", "Price le 200.00 or Rating ge 4",
            "Category/Name eq 'Beverages'", "statecode eq 0 and revenue gt 1000000",
            "Tags/any(t: t eq 'sale')", "not endswith(Email,'@example.com')",
            "CreatedAt ge 2024-01-01T00:00:00Z", "Id in (1, 2, 3)",
        ])
        t = g.pick([
            "/odata/Products?$filter=%s&$orderby=Price desc&$top=%d&$skip=%d" % (q_url(f), g.n(10, 50), g.n(0, 5) * 20),
            "/odata/Products?%%24filter=%s&%%24orderby=Price%%20desc&%%24select=Name,Price&%%24expand=Category" % q_comp(f),
            "/api/data/v9.2/accounts?$select=name,revenue&$filter=%s&$count=true" % q_url(f),
            "/_api/web/lists/getbytitle('%s')/items?$select=Title,Modified,Author/Title&$expand=Author&$filter=%s&$top=100" % (
                q_url(g.pick(["Documents", "Site Pages", "Team Tasks"])), q_url(f)),
            "/odata/v4/Orders(%d)?$expand=Items($select=Sku,Qty;$orderby=Qty desc)" % g.n(1, 99999),
            "/api/odata/Customers?$search=%s&$top=20&$count=true" % q_url("\"%s\"" % name),
        ])
    elif r < 0.42:
        q = g.pick([
            "title:(%s OR %s) AND -%s" % (word, g.pick(W.SLUG_WORDS), g.pick(W.SLUG_WORDS)),
            "name:\"%s\"~2" % word, "price:[10 TO 100] AND category:shoes", "author:%s*" % name.lower().replace("'", ""),
            "*:*", "status:500 AND NOT path:\"/health\"", "tags:(red || blue) && !tags:green",
            "+title:%s -body:draft^2" % word, "created_at:>=2024-01-01", "(%s OR %s) AND lang:en" % (word, word),
        ])
        t = g.pick([
            "/solr/products/select?q=%s&fq=price:[10 TO 100]&sort=price asc&rows=20&wt=json&fl=id,name,score" % q_url(q),
            "/solr/products/select?q=%s&defType=edismax&qf=title%%5E3+body&fq=%s&start=%d" % (q_form(q), q_form("type:product"), g.n(0, 9) * 10),
            "/%s/_search?q=%s&size=10" % (g.pick(["logs-*", "products", "posts"]), q_url(q)),
            "/search?q=%s" % q_form(q), "/api/search?query=%s&highlight=true" % q_comp(q),
        ])
    elif r < 0.54:
        t = g.pick([
            "/api/articles?filter[status]=active&sort=-created_at&fields[articles]=title,body&include=author&page[number]=%d&page[size]=25" % g.n(1, 9),
            "/api/articles?filter%%5Bauthor.name%%5D=%s&sort=-published_at,title" % q_comp(name),
            "/api/v1/users?filter[email]=%s&fields[users]=id,name,email" % q_url(g.email()),
            "/api/products?filter[price][gte]=10&filter[price][lte]=100&include=images,variants&page[size]=24",
        ])
    elif r < 0.66:
        t = g.pick([
            "/api/articles?populate=*&filters[title][$contains]=%s&sort[0]=publishedAt:desc&pagination[page]=1&pagination[pageSize]=10" % q_url(word),
            "/api/articles?filters[slug][$eq]=%s&populate[0]=cover&populate[1]=author.avatar" % g.slug(),
            "/api/products?filters[price][$lt]=100&filters[publishedAt][$notNull]=true&sort=price:asc",
            "/api/posts?filters[$or][0][title][$containsi]=%s&filters[$or][1][body][$containsi]=%s" % (word, word),
            "/items/articles?filter[status][_eq]=published&fields=*.*&sort=-date_created&limit=10",
            "/items/products?filter=%s&search=%s" % (q_comp(json.dumps({"price": {"_between": [10, 50]}})), q_comp(word)),
            "/api/pages?where[slug][equals]=%s&depth=2&locale=en" % g.slug(),
            "/messages?$limit=25&$skip=%d&$sort[createdAt]=-1&text[$like]=%s" % (g.n(0, 9) * 25, q_url("%" + word + "%")),
        ])
    elif r < 0.74:
        t = g.pick([
            "/rest/v1/todos?select=id,title,owner:users(name)&done=eq.false&order=created_at.desc&limit=10",
            "/rest/v1/posts?select=*,author:authors(*)&published=is.true&or=(category.eq.news,category.eq.blog)",
            "/rest/v1/products?price=lt.%d&name=ilike.*%s*&order=price.asc" % (g.n(10, 200), word),
            "/rest/v1/rpc/search_posts?term=%s" % q_comp(word),
            "/api/Products?filter=%s" % q_comp(json.dumps({"where": {"or": [{"name": word}, {"sku": g.alnum(6)}]}, "limit": 10, "order": "createdAt DESC"})),
            "/api/Orders?filter[where][status]=shipped&filter[order]=date%%20DESC&filter[limit]=%d" % g.n(5, 50),
        ])
    elif r < 0.84:
        t = g.pick([
            "/admin/posts?q[title_or_body_cont]=%s&q[s]=created_at+desc&commit=Filter" % q_form(word),
            "/admin/users?q[email_cont]=%s&q[created_at_gteq]=2024-01-01&order=id_desc" % q_form("@example.com"),
            "/admin/orders?scope=all&q%%5Bstate_eq%%5D=complete&per_page=50",
            "/admin/auth/user/?q=%s&is_staff__exact=1&o=-2.1" % q_form(name),
            "/admin/shop/order/?created__gte=2024-01-01&status__in=paid,shipped&o=-3",
            "/products?sort=price&order=asc&page=%d&per_page=24&search=%s" % (g.n(1, 9), q_form(g.search())),
            "/users?search=%s&sort_by=last_name&sort_dir=asc" % q_form(name),
        ])
    elif r < 0.92:
        expr = g.pick(['sum(rate(http_requests_total{job="api",code=~"5.."}[5m])) by (instance)',
                       'node_load1{instance="web-01:9100"}', '100 - avg(irate(node_cpu_seconds_total{mode="idle"}[5m])) * 100',
                       'histogram_quantile(0.99, sum(rate(apache_request_duration_bucket[5m])) by (le))'])
        t = g.pick([
            "/api/datasources/proxy/uid/%s/api/v1/query_range?query=%s&start=%d&end=%d&step=15" % (g.alnum(9), q_comp(expr), g.ts(), g.ts() + 3600),
            "/d/%s/node-exporter-full?orgId=1&from=now-6h&to=now&var-job=node&var-instance=All&refresh=30s" % g.alnum(9),
            "/explore?orgId=1&left=%s" % q_comp(json.dumps({"datasource": "prometheus", "queries": [{"refId": "A", "expr": expr}], "range": {"from": "now-1h", "to": "now"}})),
            "/api/v1/query?query=%s&time=%d" % (q_comp(expr), g.ts()),
            "/api/saved_objects/_find?type=index-pattern&fields=title&per_page=10000",
        ])
    else:
        cb = "jQuery%d_%d" % (g.n(10 ** 17, 10 ** 18 - 1), g.ms())
        t = g.pick([
            "/api/items?callback=%s&_=%d" % (cb, g.ms()),
            "/search/suggest?term=%s&callback=%s&_=%d" % (q_comp(g.search()), cb, g.ms()),
            "/api/weather?city=%s&jsonp=angular.callbacks._%d" % (q_comp(g.pick(W.CITIES)), g.n(0, 9)),
            "/api/feed?format=json&callback=__jp%d" % g.n(0, 9),
            "/ajax/cart.js?_=%d" % g.ms(),
        ])
    return "GET", g.with_tracking(t, 0.05)


def auth_and_state(g):
    """OAuth/OIDC callbacks and tokens, JWTs, base64 state, ASP.NET."""
    t = g.pick([
        "/oauth/callback?code=4/0AX4XfWj%s&state=%s&scope=%s&authuser=0&prompt=consent" % (
            g.alnum(60, "-_"), g.b64json({"return_to": "/%s" % g.slug(), "nonce": g.hexs(16)}),
            q_comp("email profile openid https://www.googleapis.com/auth/userinfo.email")),
        "/authorize?response_type=code&client_id=%s&redirect_uri=%s&scope=%s&state=%s&nonce=%s&code_challenge=%s&code_challenge_method=S256" % (
            g.alnum(24), q_comp("https://%s/auth/callback" % g.host()), q_comp("openid profile email offline_access"),
            g.alnum(32), g.alnum(32), g.alnum(43, "-_")),
        "/login/callback?token=%s" % g.jwt(),
        "/api/verify?token=%s" % g.jwt(), "/reset-password?token=%s&email=%s" % (g.hexs(64), q_comp(g.email())),
        "/email/verify/%d/%s?expires=%d&signature=%s" % (g.n(1, 9999), g.hexs(40), g.ts(), g.hexs(64)),
        "/unsubscribe?u=%s&id=%s&e=%s&c=%s" % (g.hexs(25), g.hexs(10), g.hexs(10), g.hexs(10)),
        "/download?data=%s" % q_comp(g.b64(g.n(24, 120))), "/r?d=%s" % g.b64(g.n(24, 90)),
        "/share?state=%s" % q_comp(g.b64json({"filters": {"q": g.search()}, "page": g.n(1, 9)}, url=False)),
        "/Default.aspx?ReturnUrl=%s" % q_comp("/admin/default.aspx"),
        "/WebResource.axd?d=%s&t=%d" % (g.alnum(g.n(60, 110), "-_"), g.n(10 ** 17, 10 ** 18 - 1)),
        "/ScriptResource.axd?d=%s&t=%s" % (g.alnum(g.n(100, 160), "-_"), g.hexs(8)),
        "/Products.aspx?__VIEWSTATE=%s&__VIEWSTATEGENERATOR=%s&__EVENTVALIDATION=%s" % (
            q_comp("/wEP" + g.b64(g.n(60, 200))), g.hexs(8).upper(), q_comp("/wEd" + g.b64(g.n(40, 100)))),
        "/Orders.aspx?__EVENTTARGET=%s&__EVENTARGUMENT=%s" % (q_comp("ctl00$MainContent$GridView1"), q_comp(g.pick(["Page$2", "Sort$Name", "Select$3", "Edit$0"]))),
        "/out?url=%s" % q_comp(g.pick(["mailto:info@example.com?subject=Hello%20there", "tel:+1-555-0100",
                                       "https://partner.example.net/?ref=abc", "sms:+15550100?body=hi"])),
        "/go?to=%s" % q_comp("https://%s/%s?utm_source=site" % (g.host(), g.slug())),
        "/login?next=%s" % q_comp("/dashboard?tab=settings&section=billing"),
        "/sso/saml?SAMLRequest=%s&RelayState=%s" % (q_comp(g.b64(g.n(200, 400))), q_comp("https://%s/app" % g.host())),
        "/matomo.php?idsite=1&rec=1&action_name=%s&url=%s&_id=%s&rand=%d&h=%d&m=%d&s=%d&cookie=1&res=1920x1080&pv_id=%s&pf_net=0&pf_srv=%d&uadata=%s" % (
            q_comp(g.title() + " › Blog"), q_comp("https://%s/%s/" % (g.host(), g.slug())), g.hexs(16), g.n(1, 999999),
            g.n(0, 23), g.n(0, 59), g.n(0, 59), g.alnum(6), g.n(20, 900),
            q_comp(json.dumps({"fullVersionList": [{"brand": "Not_A Brand", "version": "8.0.0.0"}, {"brand": "Chromium", "version": "120.0.6099.130"}], "mobile": False, "model": "", "platform": "Windows", "platformVersion": "15.0.0"}))),
        "/g/collect?v=2&tid=G-%s&gtm=45je43v0&_p=%d&cid=%d.%d&ul=en-us&sr=1920x1080&uaa=x86&uab=64&uafvl=%s&uamb=0&uam=&uap=Windows&uapv=15.0.0&uaw=0&are=1&_s=1&sid=%d&sct=3&seg=1&dl=%s&dr=%s&dt=%s&en=page_view&_ee=1" % (
            g.alnum(10).upper(), g.ms(), g.n(10 ** 8, 10 ** 9), g.ts(),
            q_comp("Chromium;122.0.6261.112|Not(A:Brand;24.0.0.0|Google Chrome;122.0.6261.112"),
            g.ts(), q_comp("https://%s/" % g.host()), q_comp("https://www.google.com/"), q_comp(g.title())),
        "/?koko-analytics-collect=1&p=%d&nv=1&up=1&r=%s" % (g.n(1, 9999), q_comp("https://www.google.com/")),
    ])
    return "GET", t


def files(g):
    """Downloads and uploads whose names people chose."""
    name = g.pick(W.FILE_NAMES)
    t = g.pick([
        "/downloads/%s" % q_path(name), "/files/%s" % q_path(name),
        "/uploads/%s/%s" % (g.n(2019, 2026), q_path(name)),
        "/media/%s" % urllib_quote_loose(name),
        "/wp-content/uploads/%s/%s" % (g.date_path(), urllib_quote_loose(name)),
        "/download.php?file=%s" % q_form(name), "/dl?f=%s&token=%s" % (q_comp(name), g.hexs(32)),
        "/docs/%s" % q_path(name.replace(" ", "_")),
    ])
    return "GET", t


def urllib_quote_loose(s):
    """How some CMSs and hand-written links leave a file name: only spaces
    and non-ASCII encoded, brackets and the like raw."""
    out = []
    for ch in s:
        b = ch.encode("utf-8")
        out.append("".join("%%%02X" % c for c in b) if len(b) > 1 or ch in " #%?\"" else ch)
    return "".join(out)


def misc_methods(g):
    m = g.pick(["HEAD", "OPTIONS", "OPTIONS", "POST", "PUT", "DELETE", "PATCH"])
    t = g.pick(["/", "/wp-admin/admin-ajax.php", "/api/v1/cart/items/%d" % g.n(1, 999),
                "/wp-json/wp/v2/posts/%d?_locale=user" % g.n(1, 9999), "/graphql",
                "/xmlrpc.php", "/index.php/apps/text/session/create", "/api/event", "/*"])
    if m != "OPTIONS" and t == "/*":
        t = "/"
    return m, t


TARGETS = [
    # class, weight, function
    ("wordpress", 28, wordpress), ("woocommerce", 10, woocommerce),
    ("drupal", 5, drupal), ("joomla", 4, joomla), ("magento", 4, magento),
    ("nextcloud", 6, nextcloud), ("phpbb", 3, phpbb), ("mediawiki", 5, mediawiki),
    ("assets", 9, spa_assets), ("cdn-image", 4, cdn_images), ("maps", 2, maps),
    ("query-languages", 9, apis), ("auth-state", 5, auth_and_state),
    ("file-names", 3, files), ("methods", 3, misc_methods),
]
