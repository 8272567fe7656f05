/* Detector rules in the engine: the "detector" key and its load errors,
 * word tables (loading, errors, the blob), the decoded form a detector
 * reads, which parts of a request it reads (arg names, ';' parts, query
 * segments, cookie values), verdicts and scores, the memo, and the
 * detail in the record.
 *
 * This program links its own sqli detector (below) in place of the real
 * one, so that what the engine hands a detector and does with its verdict
 * is checked exactly, whatever the real tokenizer decides: it reports the
 * first word of the input that its table lists, STRONG for section
 * "word", WEAK for "weak", and records every input it is given. The real
 * detectors are checked by their own tests and by their rules' examples,
 * which every load of the default signatures runs. */
#include <stdlib.h>
#include <apr_strings.h>
#include <apr_file_io.h>
#include "lw_test_engine.h"
#include "lw_sig.h"
#include "lw_engine.h"
#include "lw_memo.h"
#include "lw_record.h"
#include "lw_detect.h"

const char *const lw_sqli_sections[] = { "word", "weak" };
const int lw_sqli_nsections = 2;

/* The real detector prepares its sequences with its table; this one has
 * nothing to prepare. */
void *lw_sqli_prepare(apr_pool_t *p)
{
    (void)p;
    return NULL;
}

#define NSEEN 64
static char seen[NSEEN][128];
static int nseen;

static int is_letter(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

int lw_detect_sqli(const lw_words_t *w, const char *s, apr_size_t len,
                   lw_detect_out_t *out)
{
    apr_size_t i = 0, j;
    if (nseen < NSEEN)
        apr_snprintf(seen[nseen++], sizeof(seen[0]), "%.*s", (int)len, s);
    while (i < len) {
        apr_uint32_t bits;
        if (!is_letter(s[i])) {
            i++;
            continue;
        }
        for (j = i; j < len && is_letter(s[j]); j++)
            ;
        bits = lw_words_get(w, s + i, j - i);
        if (bits) {
            out->off = i;
            out->len = j - i;
            apr_snprintf(out->why, sizeof(out->why), "t:%.*s", (int)(j - i),
                         s + i);
            return bits & 1 ? LW_DETECT_STRONG : LW_DETECT_WEAK;
        }
        i = j;
    }
    return LW_DETECT_NONE;
}

static char tmpdir[256];

static void put(apr_pool_t *p, const char *name, const char *text)
{
    FILE *f = fopen(apr_pstrcat(p, tmpdir, "/", name, NULL), "w");
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

/* Load path (file or directory) and compile; NULL and *err on error. The
 * blob is copied to a fresh buffer before attaching, as httpd copies it
 * into shared memory. */
static lw_engine_t *load(apr_pool_t *p, const char *path, char **err)
{
    lw_ruleset_t *rs = lw_ruleset_create(p);
    lw_engine_t *e = NULL;
    void *blob, *copy;
    apr_size_t len;
    *err = NULL;
    if (lw_ruleset_load(rs, path, err) != APR_SUCCESS
        || lw_ruleset_compile(rs, p, &blob, &len, err) != APR_SUCCESS)
        return NULL;
    copy = apr_palloc(p, len);
    memcpy(copy, blob, len);
    memset(blob, 0, len);
    if (lw_engine_create(&e, copy, len, p, err) != APR_SUCCESS)
        return NULL;
    return e;
}

/* err names file:line and says why. */
static int err_is(const char *err, const char *file, int line,
                  const char *why)
{
    char want[300];
    if (!err) {
        fprintf(stderr, "  no error (wanted %s:%d %s)\n", file, line, why);
        return 0;
    }
    snprintf(want, sizeof(want), "%s/%s:%d: ", tmpdir, file, line);
    if (strncmp(err, want, strlen(want)) != 0 || !strstr(err, why)) {
        fprintf(stderr, "  got \"%s\"\n  want \"%s...%s\"\n", err, want, why);
        return 0;
    }
    return 1;
}

static lw_engine_t *load_text(apr_pool_t *p, const char *name,
                              const char *text, char **err)
{
    put(p, name, text);
    return load(p, apr_pstrcat(p, tmpdir, "/", name, NULL), err);
}

#define DRULE(id, sev, target, extra) \
    "rule " #id "\n category sqli\n severity " sev "\n msg d" #id \
    "\n detector sqli\n target " target "\n" extra

static void test_parse_errors(apr_pool_t *p)
{
    char *err;
    lw_engine_t *e;

    e = load_text(p, "e1.rules", DRULE(1, "high", "args",
                  " pattern x\n match /?a=evil\n nomatch /?a=b\n"), &err);
    CHECK(!e && err_is(err, "e1.rules", 7, "either 'pattern' or 'detector'"));
    e = load_text(p, "e2.rules", DRULE(1, "high", "args",
                  " literal evil\n match /?a=evil\n nomatch /?a=b\n"), &err);
    CHECK(!e && err_is(err, "e2.rules", 7, "takes no 'literal'"));
    e = load_text(p, "e3.rules", DRULE(1, "high", "args",
                  " form raw\n match /?a=evil\n nomatch /?a=b\n"), &err);
    CHECK(!e && err_is(err, "e3.rules", 7, "takes no 'form'"));
    e = load_text(p, "e4.rules", DRULE(1, "high", "args uri",
                  " match /?a=evil\n nomatch /?a=b\n"), &err);
    CHECK(!e && err_is(err, "e4.rules", 6, "not uri"));
    e = load_text(p, "e5.rules", "rule 1\n category sqli\n severity high\n"
                  " msg m\n detector perl\n target args\n", &err);
    CHECK(!e && err_is(err, "e5.rules", 5, "unknown detector 'perl'"));
    e = load_text(p, "e6.rules", "rule 1\n category sqli\n severity high\n"
                  " msg m\n target args\n match /?a=1\n nomatch /?a=2\n",
                  &err);
    CHECK(!e && err_is(err, "e6.rules", 1, "missing 'pattern' (or "
                       "'detector')"));
    e = load_text(p, "e8.rules", "rule 800000\n category protocol\n", &err);
    CHECK(!e && err_is(err, "e8.rules", 1, "the evasion signal"));
    /* With no word table the detector would find nothing: the error names
     * the missing table at the rule's detector line. */
    e = load_text(p, "e7.rules", DRULE(1, "high", "args",
                  " match /?a=evil\n nomatch /?a=b\n"), &err);
    CHECK(!e && err_is(err, "e7.rules", 5, "no sqli.words was loaded"));
}

static void test_words_files(apr_pool_t *p)
{
    char *err;
    lw_engine_t *e;
    const char *dir = apr_pstrcat(p, tmpdir, "/d1", NULL);
    const char *dir2 = apr_pstrcat(p, tmpdir, "/d2", NULL);
    const lw_words_t *w;

    /* A directory: rules and word tables, in name order. */
    apr_dir_make(dir, APR_OS_DEFAULT, p);
    put(p, "d1/10-a.rules", DRULE(10, "high", "args",
        " match /?a=evil\n match /?a=x%20bad\n nomatch /?a=good\n"));
    put(p, "d1/sqli.words", "# default\n[word]\nevil\n");
    put(p, "d1/zz-local.sqli.words", "[weak]\nbad\n[word]\nEVIL\nworse\n");
    put(p, "d1/README", "not loaded\n");
    e = load(p, dir, &err);
    CHECK(e != NULL);
    if (!e)
        fprintf(stderr, "  %s\n", err);
    w = e ? lw_engine_words(e, LW_DET_SQLI) : NULL;
    CHECK(w && lw_words_count(w) == 3);
    CHECK(w && lw_words_get(w, "Evil", 4) == 1 && lw_words_get(w, "bad", 3) == 2);
    CHECK(e && lw_words_count(lw_engine_words(e, LW_DET_XSS)) == 0);
    CHECK(e && lw_engine_words(e, LW_DET__COUNT) == NULL);

    /* Errors name the file and line. */
    put(p, "d1/zz-local.sqli.words", "[weak]\nbad\n[nosuch]\n");
    e = load(p, dir, &err);
    CHECK(!e && err_is(err, "d1/zz-local.sqli.words", 3,
                       "unknown section [nosuch]"));
    put(p, "d1/zz-local.sqli.words", "[weak]\ntwo words\n");
    e = load(p, dir, &err);
    CHECK(!e && err_is(err, "d1/zz-local.sqli.words", 2, "one word per line"));
    put(p, "d1/zz-local.sqli.words", "[weak]\nbad\n");
    put(p, "d1/perl.words", "[word]\nx\n");
    e = load(p, dir, &err);
    CHECK(!e && err_is(err, "d1/perl.words", 0, "DETECTOR.words"));

    /* A word table loads on its own too (after its rules, here). */
    apr_dir_make(dir2, APR_OS_DEFAULT, p);
    put(p, "d2/a.rules", DRULE(11, "high", "args",
        " match /?a=evil\n nomatch /?a=good\n"));
    put(p, "d2/x.sqli.words", "[word]\nevil\n");
    {
        lw_ruleset_t *rs = lw_ruleset_create(p);
        void *blob;
        apr_size_t len;
        CHECK(lw_ruleset_load(rs, apr_pstrcat(p, dir2, "/x.sqli.words", NULL),
                              &err) == APR_SUCCESS);
        CHECK(lw_ruleset_load(rs, apr_pstrcat(p, dir2, "/a.rules", NULL),
                              &err) == APR_SUCCESS);
        CHECK(lw_ruleset_compile(rs, p, &blob, &len, &err) == APR_SUCCESS);
        CHECK(lw_ruleset_load(rs, apr_pstrcat(p, dir2, "/x.perl.words", NULL),
                              &err) != APR_SUCCESS);
    }
    /* An empty table is a table. */
    put(p, "d2/x.sqli.words", "# nothing yet\n");
    put(p, "d2/a.rules", "rule 12\n category sqli\n severity high\n msg m\n"
        " pattern zz\n literal zz\n target args\n match /?a=zz\n"
        " nomatch /?a=z\n");
    e = load(p, dir2, &err);
    CHECK(e && lw_words_count(lw_engine_words(e, LW_DET_SQLI)) == 0);
}

static int classify(const lw_engine_t *e, const char *uri,
                    const lw_header_t *h, int nh, apr_pool_t *p,
                    lw_result_t *res, lw_memo_t *memo)
{
    lw_request_t req;
    lw_limits_t lim;
    lw_limits_default(&lim);
    lw_test_request(&req, "GET", uri, h, nh);
    nseen = 0;
    return memo ? lw_classify_memo(e, &req, &lim, p, res, memo)
                : lw_classify(e, &req, &lim, p, res);
}

static const lw_hit_t *hit_of(const lw_result_t *res, apr_uint32_t id)
{
    int i;
    for (i = 0; i < res->nhits; i++)
        if (res->hits[i].rule_id == id)
            return &res->hits[i];
    return NULL;
}

static int was_seen(const char *s)
{
    int i;
    for (i = 0; i < nseen; i++)
        if (strcmp(seen[i], s) == 0)
            return 1;
    return 0;
}

static const char fields_words[] = "[word]\nevil\n[weak]\nbad\n";
static const char fields_rules[] =
    DRULE(20, "critical", "args", " match /?a=evil\n nomatch /?a=b\n")
    DRULE(21, "high", "args", " match /?a=evil\n nomatch /?a=b\n")
    DRULE(22, "high", "arg_names", " match /?evil=1\n nomatch /?a=evil\n")
    DRULE(23, "high", "query", " match /?evil\n nomatch /evil\n")
    DRULE(24, "medium", "cookie", " match Cookie: a=evil\n"
          " nomatch Cookie: a=b\n")
    DRULE(25, "high", "path user_agent headers",
          " match User-Agent: evil\n nomatch Referer: http://x/?q=evil\n")
    DRULE(28, "medium", "referer",
          " match Referer: http://x/?q=evil\n nomatch Referer: http://x/?q=b\n")
    "rule 26\n category sqli\n severity high\n msg regex names\n"
    " target arg_names\n literal evil\n pattern ^evil$\n match /?evil=1\n"
    " nomatch /?a=1%3Bevil=2\n"
    "rule 27\n category sqli\n severity high\n msg regex args\n"
    " target args\n literal zz\n pattern ^zz$\n match /?b=zz\n"
    " nomatch /?a=1%3Bb=zz\n"
    "rule 29\n category sqli\n severity high\n msg regex cookie\n"
    " target cookie\n literal zz\n pattern ^zz$\n match Cookie: zz\n"
    " nomatch Cookie: a=zzz\n";

static void test_fields(apr_pool_t *p)
{
    const char *dir = apr_pstrcat(p, tmpdir, "/d3", NULL);
    lw_engine_t *e;
    lw_result_t res;
    const lw_hit_t *h;
    lw_header_t hd[2];
    char *err;

    apr_dir_make(dir, APR_OS_DEFAULT, p);
    put(p, "d3/t.rules", fields_rules);
    put(p, "d3/sqli.words", fields_words);
    e = load(p, dir, &err);
    CHECK(e != NULL);
    if (!e) {
        fprintf(stderr, "  %s\n", err);
        return;
    }

    /* The decoded form: percent (twice), entities, '+' as a space; no
     * comment, backslash or white-space folding. */
    classify(e, "/?a=%2527%20OR%20/**/1%5c%5c2+3%26%23x41;%0a%09x", NULL, 0, p,
             &res, NULL);
    CHECK(was_seen("' OR /**/1\\\\2 3A\n\tx"));
    CHECK(res.nhits == 0);

    /* Both args rules from one run; STRONG keeps each rule's severity,
     * the hit says why and points at the span in the decoded value. */
    CHECK(classify(e, "/?q=1%20%45vil%20x", NULL, 0, p, &res, NULL) == 1);
    CHECK(nseen == 4);   /* path, name "q", value, segment "q=..." */
    h = hit_of(&res, 20);
    CHECK(h && h->severity == LW_SEV_CRITICAL && strcmp(h->field, "args:q") == 0);
    CHECK(h && h->detail && strcmp(h->detail, "t:Evil") == 0);
    CHECK(h && h->excerpt_len == 4 && memcmp(h->excerpt, "Evil", 4) == 0);
    CHECK(hit_of(&res, 21) && hit_of(&res, 21)->severity == LW_SEV_HIGH);
    h = hit_of(&res, 23);
    CHECK(h && strcmp(h->field, "query") == 0);
    CHECK(res.score == 5 + 4 + 4);

    /* WEAK scores as low. */
    CHECK(classify(e, "/?q=bad", NULL, 0, p, &res, NULL) == 1);
    h = hit_of(&res, 20);
    CHECK(h && h->severity == LW_SEV_LOW && strcmp(h->detail, "t:bad") == 0);
    CHECK(res.score == 3 * 2 && res.severity == LW_SEV_LOW);

    /* Arg names: every rule reads each ';' part as well (a regex rule
     * anchored at a name's start finds "evil" there); an encoded ';' is
     * no separator. */
    classify(e, "/?evil=1", NULL, 0, p, &res, NULL);
    CHECK(hit_of(&res, 22) && hit_of(&res, 26));
    classify(e, "/?a=1%3Bevil=2", NULL, 0, p, &res, NULL);
    CHECK(!hit_of(&res, 26));
    classify(e, "/?a=1;b=zz", NULL, 0, p, &res, NULL);
    CHECK(hit_of(&res, 27));
    classify(e, "/?a=1;evil=2", NULL, 0, p, &res, NULL);
    CHECK(hit_of(&res, 26));
    h = hit_of(&res, 22);
    CHECK(h && strcmp(h->field, "arg_names") == 0);
    CHECK(was_seen("a=1;evil=2") && was_seen("evil")
          && was_seen("1;evil=2"));
    classify(e, "/?x=1;y=evil&z=2", NULL, 0, p, &res, NULL);
    h = hit_of(&res, 20);
    CHECK(h && strcmp(h->field, "args:x") == 0);

    /* Query segments at '&' and ';', never the whole query. */
    classify(e, "/?x=1&y=2;evil", NULL, 0, p, &res, NULL);
    CHECK(hit_of(&res, 23) && !was_seen("x=1&y=2;evil"));
    CHECK(was_seen("x=1") && was_seen("y=2;evil"));

    /* Cookie values, one by one, never the header whole. */
    hd[0].name = "Cookie";
    hd[0].value = "sid=abc; flag;theme=x%20evil";
    CHECK(classify(e, "/", hd, 1, p, &res, NULL) == 1);
    h = hit_of(&res, 24);
    CHECK(h && strcmp(h->field, "cookie") == 0 && h->excerpt_len == 4);
    CHECK(was_seen("abc") && was_seen("x evil") && was_seen("flag"));
    CHECK(!was_seen(hd[0].value));
    /* The regex rules read each cookie's value and name too: a rule
     * anchored at a value's start finds a later cookie's value. */
    hd[0].value = "lang=en; pref=zz";
    CHECK(classify(e, "/", hd, 1, p, &res, NULL) == 1);
    h = hit_of(&res, 29);
    CHECK(h && strcmp(h->field, "cookie") == 0 && h->excerpt_len == 2);
    hd[0].value = "lang=en; zz=1";
    CHECK(classify(e, "/", hd, 1, p, &res, NULL) == 1);
    h = hit_of(&res, 29);
    CHECK(h && strcmp(h->field, "cookie_names") == 0);
    hd[0].value = "lang=en; pref=zzz; b=x zz";
    classify(e, "/", hd, 1, p, &res, NULL);
    CHECK(!hit_of(&res, 29));

    /* A rule hits once a request, but a weak verdict in an earlier field
     * gives way to a strong one in a later field: its order must not
     * leave the attack "low". */
    CHECK(classify(e, "/?a=bad&b=evil", NULL, 0, p, &res, NULL) == 1);
    h = hit_of(&res, 20);
    CHECK(h && h->severity == LW_SEV_CRITICAL && strcmp(h->field, "args:b") == 0
          && h->excerpt_len == 4 && strcmp(h->detail, "t:evil") == 0);
    CHECK(hit_of(&res, 21) && hit_of(&res, 21)->severity == LW_SEV_HIGH);
    CHECK(res.score == 5 + 4 + 4 && res.severity == LW_SEV_CRITICAL);
    classify(e, "/?a=bad&b=bad", NULL, 0, p, &res, NULL);
    CHECK(hit_of(&res, 20) && hit_of(&res, 20)->severity == LW_SEV_LOW
          && strcmp(hit_of(&res, 20)->field, "args:a") == 0);

    /* Path, User-Agent, other headers. */
    hd[0].name = "User-Agent";
    hd[0].value = "Mozilla evil";
    hd[1].name = "Referer";
    hd[1].value = "http://x/evil";
    classify(e, "/a/evil", hd, 2, p, &res, NULL);
    h = hit_of(&res, 25);
    CHECK(h && strcmp(h->field, "path") == 0);
    classify(e, "/a", hd, 2, p, &res, NULL);
    h = hit_of(&res, 25);
    CHECK(h && strcmp(h->field, "user_agent") == 0);

    /* The path whole and, with more than one, each segment alone, as
     * sent then decoded: an encoded '/' stays in its segment. */
    classify(e, "/api/items/1%3Bx%2Fy%20ok?q=1", NULL, 0, p, &res, NULL);
    CHECK(was_seen("/api/items/1;x/y ok") && was_seen("api")
          && was_seen("items") && was_seen("1;x/y ok") && res.nhits == 0);
    classify(e, "/a/b/evil", NULL, 0, p, &res, NULL);
    CHECK(was_seen("/a/b/evil") && hit_of(&res, 25) && !was_seen("b"));
    classify(e, "/one%2Fseg", NULL, 0, p, &res, NULL);
    CHECK(was_seen("/one/seg") && !was_seen("one/seg") && nseen == 1);
    /* letters, digits and "-._~/" alone: nothing a segment could add */
    classify(e, "/docs/v1.2/read-me_now~x", NULL, 0, p, &res, NULL);
    CHECK(was_seen("/docs/v1.2/read-me_now~x") && nseen == 1);
    classify(e, "/docs/a+b/c", NULL, 0, p, &res, NULL);
    CHECK(was_seen("a+b") && was_seen("c") && nseen == 4);
    /* A segment's ';' parameters' values and a file name's stem, alone;
     * plain ones are not read again. */
    classify(e, "/cat;f=a%20b;v=2/list", NULL, 0, p, &res, NULL);
    CHECK(was_seen("cat;f=a b;v=2") && was_seen("a b") && !was_seen("2")
          && nseen == 4);
    classify(e, "/files/x%20y.pdf", NULL, 0, p, &res, NULL);
    CHECK(was_seen("x y.pdf") && was_seen("x y") && nseen == 4);
    classify(e, "/x%20y.tar", NULL, 0, p, &res, NULL);
    CHECK(was_seen("/x y.tar") && was_seen("x y") && nseen == 2);
    classify(e, "/files/a%20b/report.pdf", NULL, 0, p, &res, NULL);
    CHECK(!was_seen("report") && nseen == 4);
    /* The Referer: the URL before its query whole, then each parameter's
     * name and value ('+' a space), never the header whole. */
    hd[0].name = "Referer";
    hd[0].value = "http://x/s?flag&b=1&q=a+evil";
    CHECK(classify(e, "/", hd, 1, p, &res, NULL) == 1);
    h = hit_of(&res, 28);
    CHECK(h && strcmp(h->field, "referer") == 0 && h->excerpt_len == 4);
    CHECK(was_seen("http://x/s") && was_seen("q") && was_seen("a evil")
          && was_seen("flag") && was_seen("b") && was_seen("1"));
    CHECK(!was_seen(hd[0].value));
    hd[0].value = "http://x/evil";
    CHECK(classify(e, "/", hd, 1, p, &res, NULL) == 1);
    CHECK(hit_of(&res, 28) && was_seen("http://x/evil"));
    /* Its path after the authority: each segment alone, decoded (an
     * encoded '/' stays in its segment); a plain path is not split. */
    hd[0].value = "https://x.example/search/a%20b/s;q%2Fr?p=1";
    classify(e, "/", hd, 1, p, &res, NULL);
    CHECK(was_seen("search") && was_seen("a b") && was_seen("s;q/r")
          && !was_seen("x.example") && was_seen("p") && was_seen("1"));
    hd[0].value = "https://x.example/docs/v1.2/read-me";
    classify(e, "/", hd, 1, p, &res, NULL);
    CHECK(was_seen(hd[0].value) && !was_seen("docs") && !was_seen("v1.2"));
    hd[0].value = "/rel/a%20b";
    classify(e, "/", hd, 1, p, &res, NULL);
    CHECK(was_seen("rel") && was_seen("a b"));
    /* A weak verdict counts in the URL before the query, not in its
     * parameters (the page's own query repeats them). */
    hd[0].value = "http://x/s?q=bad";
    classify(e, "/", hd, 1, p, &res, NULL);
    CHECK(was_seen("bad") && !hit_of(&res, 28));
    hd[0].value = "http://x/bad?q=1";
    classify(e, "/", hd, 1, p, &res, NULL);
    h = hit_of(&res, 28);
    CHECK(h && h->severity == LW_SEV_LOW);
    /* A fragment (never sent by a browser) is read alone, and a weak
     * verdict counts there. */
    hd[0].value = "http://x/s?q=1#bad";
    classify(e, "/", hd, 1, p, &res, NULL);
    h = hit_of(&res, 28);
    CHECK(was_seen("bad") && h && h->severity == LW_SEV_LOW);
    hd[0].value = "http://x/s#";
    classify(e, "/", hd, 1, p, &res, NULL);
    CHECK(!hit_of(&res, 28));
    /* A query with a raw space (which a browser encodes) is read whole
     * too, after its first name, strong verdicts only. */
    hd[0].value = "http://x/s?q=a&& b&c=1#f";
    classify(e, "/", hd, 1, p, &res, NULL);
    CHECK(was_seen("a&& b&c=1") && was_seen(" b") && was_seen("f"));
    hd[0].value = "http://x/s?q=a&&b&c=1";
    classify(e, "/", hd, 1, p, &res, NULL);
    CHECK(!was_seen("a&&b&c=1") && !was_seen("q=a&&b&c=1"));
    hd[0].value = "http://x/s?q=a&& bad";
    classify(e, "/", hd, 1, p, &res, NULL);
    CHECK(was_seen("a&& bad") && !hit_of(&res, 28));
    hd[0].name = "User-Agent";

    /* The memo: a clean field comes back without running the detector,
     * with the same result; a field with a verdict is never kept. */
    {
        lw_memo_t *m = lw_memo_create(p, 0);
        lw_result_t r2;
        hd[0].value = "Mozilla/5.0 (X11; Linux x86_64)";
        CHECK(classify(e, "/a?q=fine", hd, 1, p, &res, m) == 0);
        CHECK(was_seen("Mozilla/5.0 (X11; Linux x86_64)"));
        CHECK(classify(e, "/a?q=fine", hd, 1, p, &r2, m) == 0);
        CHECK(nseen == 0 && r2.nhits == 0);
        CHECK(classify(e, "/a?q=evil", hd, 1, p, &res, m) == 1);
        CHECK(classify(e, "/a?q=evil", hd, 1, p, &r2, m) == 1);
        CHECK(res.nhits == r2.nhits && res.score == r2.score);
        /* A Referer and a path with segments seen clean: neither read
         * whole nor split again. */
        hd[1].name = "Referer";
        hd[1].value = "http://x/s?q=fine&b=1";
        CHECK(classify(e, "/p/q?a=1", hd + 1, 1, p, &res, m) == 0);
        CHECK(was_seen("fine") && was_seen("q"));
        CHECK(classify(e, "/p/q?a=1", hd + 1, 1, p, &r2, m) == 0);
        CHECK(nseen == 0 && r2.nhits == 0);
        /* A ';' part is read by every rule, with the memo as without:
         * "zz" matched by a regex rule as a part, then as a parameter. */
        CHECK(classify(e, "/?a=1;b=zz", NULL, 0, p, &res, m) == 1);
        CHECK(hit_of(&res, 27) != NULL);
        CHECK(classify(e, "/?a=1;b=zz", NULL, 0, p, &r2, m) == 1);
        CHECK(hit_of(&r2, 27) != NULL);
        CHECK(classify(e, "/?b=zz", NULL, 0, p, &res, m) == 1);
        CHECK(hit_of(&res, 27) != NULL);
    }
}

/* The record carries the detail, escaped, and reads it back. */
static void test_record(apr_pool_t *p)
{
    lw_result_t res;
    lw_record_t rec, back;
    lw_hit_t *h;
    const char *json, *perr = NULL;
    apr_size_t len;

    memset(&res, 0, sizeof(res));
    res.nhits = 1;
    res.score = 4;
    res.severity = LW_SEV_HIGH;
    res.categories = 1u << LW_CAT_SQLI;
    h = &res.hits[0];
    h->rule_id = 100900;
    h->category = LW_CAT_SQLI;
    h->severity = LW_SEV_HIGH;
    h->msg = "SQL";
    h->field = "args:id";
    h->excerpt = "1' or 1";
    h->excerpt_len = 7;
    h->detail = "sql:s&1\"\n\x01";
    lw_record_init(&rec);
    rec.uri = "/";
    lw_record_set_result(&rec, &res, p);
    json = lw_record_json(p, &rec, 4096, &len);
    /* Control bytes are written as visible "\xNN" text, like every
     * attacker-controlled string of a record. */
    CHECK(json && strstr(json, "\"detail\":\"sql:s&1\\\"\\\\x0a\\\\x01\""));
    CHECK(lw_record_parse(p, json, len - 1, &back, &perr) == APR_SUCCESS);
    CHECK(back.nrules == 1 && back.rules[0].detail
          && strcmp(back.rules[0].detail, "sql:s&1\"\\x0a\\x01") == 0);
    h->detail = NULL;
    lw_record_set_result(&rec, &res, p);
    json = lw_record_json(p, &rec, 4096, &len);
    CHECK(json && !strstr(json, "detail"));
}

int main(void)
{
    LW_TEST_BEGIN(p);
    snprintf(tmpdir, sizeof(tmpdir), "/tmp/lw_test_detect.XXXXXX");
    CHECK(mkdtemp(tmpdir) != NULL);
    test_parse_errors(p);
    test_words_files(p);
    test_fields(p);
    test_record(p);
    {
        char cmd[300];
        snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
        if (system(cmd) != 0)
            fprintf(stderr, "cannot remove %s\n", tmpdir);
    }
    LW_TEST_END();
}
