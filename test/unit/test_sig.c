/* Signature files: parsing good and bad files, directory loading, the
 * compiled blob and attaching an engine to a copy of it. */
#include <stdlib.h>
#include <apr_strings.h>
#include <apr_file_io.h>
#include "lw_test.h"
#include "lw_sig.h"
#include "lw_engine.h"

static char tmpdir[256];

static const char *data(apr_pool_t *p, const char *name)
{
    return apr_pstrcat(p, lw_test_srcdir(), "/test/unit/data/", name, NULL);
}

static const char *write_tmp(apr_pool_t *p, const char *name,
                             const char *text)
{
    const char *path = apr_pstrcat(p, tmpdir, "/", name, NULL);
    FILE *f = fopen(path, "w");
    if (!f)
        return path;
    fputs(text, f);
    fclose(f);
    return path;
}

/* Load (and compile) a file; return the error, or NULL. */
static char *load_err(apr_pool_t *p, const char *path, int compile)
{
    lw_ruleset_t *rs = lw_ruleset_create(p);
    char *err = NULL;
    void *blob;
    apr_size_t len;
    if (lw_ruleset_load(rs, path, &err) != APR_SUCCESS)
        return err ? err : "(no message)";
    if (compile && lw_ruleset_compile(rs, p, &blob, &len, &err) != APR_SUCCESS)
        return err ? err : "(no message)";
    return NULL;
}

/* A valid rule, to build bad files from; %s slots let a case change it. */
#define HEAD "rule 10\n  category sqli\n  severity high\n  msg m\n"
#define TAIL "  match /a?x=union+select\n  nomatch /a?x=union\n"

static const struct {
    const char *name;
    const char *text;
    int compile;              /* the error shows only at compile time */
    const char *want;         /* expected "FILE:LINE: reason" suffix part */
} bad[] = {
    { "unknown_key", HEAD "  target args\n  colour red\n", 0,
      ":6: unknown key 'colour'" },
    { "bad_category", "rule 10\n  category sqlinjection\n", 0,
      ":2: unknown category 'sqlinjection'" },
    { "record_category", "rule 10\n  category threshold\n", 0,
      ":2: unknown category 'threshold'" },
    { "bad_severity", "rule 10\n  category sqli\n  severity huge\n", 0,
      ":3: unknown severity 'huge'" },
    { "bad_target", HEAD "  target args post_body\n", 0,
      ":5: unknown target 'post_body'" },
    { "bad_form", HEAD "  form decoded\n", 0, ":5: unknown form 'decoded'" },
    { "bad_id", "\n# c\nrule 12x\n", 0, ":3: bad rule id '12x'" },
    { "zero_id", "rule 0\n", 0, ":1: bad rule id '0'" },
    { "big_id", "rule 4294967296\n", 0, ":1: bad rule id '4294967296'" },
    { "no_rule", "category sqli\n", 0, ":1: expected 'rule ID' before 'category'" },
    { "empty_value", HEAD "  target\n", 0, ":5: 'target' needs a value" },
    { "twice", HEAD "  msg again\n", 0, ":5: rule 10: 'msg' given twice" },
    { "missing_pattern", HEAD "  target args\n" TAIL "\nrule 11\n", 0,
      ":1: rule 10: missing 'pattern'" },
    { "missing_nomatch", "rule 10\n  category sqli\n  severity high\n"
      "  msg m\n  target args\n  pattern x\n  match /?a=x\n", 0,
      ":1: rule 10: missing 'nomatch'" },
    { "missing_in_last", HEAD "  target args\n  pattern x\n  match /?a=x\n"
      "  nomatch /?a=y\n\nrule 11\n  category sqli\n", 0,
      ":10: rule 11: missing 'severity'" },
    { "dup_in_file", HEAD "  target args\n  pattern union\n" TAIL
      "rule 10\n", 0, ":9: duplicate rule id 10 (first at " },
    { "nonascii_literal", HEAD "  literal caf\xc3\xa9\n", 0,
      ":5: literal must be printable ASCII" },
    { "pcre_error", HEAD "  target args\n  literal union\n"
      "  pattern union(select\n" TAIL, 1,
      ":7: rule 10: bad pattern: missing closing parenthesis at offset 12" },
    { "no_match", HEAD "  target args\n  literal union\n"
      "  pattern union\\s+all\n" TAIL, 1,
      ":8: rule 10 does not match its example: the pattern matches none of its targets in norm form" },
    { "nomatch_hits", HEAD "  target args\n  literal union\n"
      "  pattern union\n" TAIL, 1,
      ":9: rule 10 matches its nomatch example (field args:x, matched \"union\")" },
    { "literal_absent", HEAD "  target args\n  literal unionx\n"
      "  pattern union\\s+select\n" TAIL, 1,
      ":8: rule 10 does not match its example: the pattern matches args:x (\"union select\") but none of its literals occurs there in norm form" },
    { "raw_form", HEAD "  target args\n  form raw\n  literal union\n"
      "  pattern union\\s+select\n" TAIL, 1,
      ":9: rule 10 does not match its example: the pattern matches none of its targets in raw form" },
    { "wrong_target", HEAD "  target user_agent\n  literal union\n"
      "  pattern union\\s+select\n" TAIL, 1,
      ":8: rule 10 does not match its example" },
};

static int ends_with_at(const char *s, const char *file, const char *want)
{
    /* err is FILE:LINE: reason; want starts at ":LINE". */
    apr_size_t fl = strlen(file);
    return s && strncmp(s, file, fl) == 0 && strncmp(s + fl, want, strlen(want)) == 0;
}

int main(void)
{
    LW_TEST_BEGIN(p);
    lw_ruleset_t *rs;
    char *err = NULL;
    void *blob = NULL, *copy = NULL;
    apr_size_t len = 0, i;
    lw_engine_t *e = NULL;
    apr_status_t rv;

    snprintf(tmpdir, sizeof(tmpdir), "/tmp/lw_test_sig.XXXXXX");
    CHECK(mkdtemp(tmpdir) != NULL);

    /* A good file loads and compiles; the blob is aligned. */
    rs = lw_ruleset_create(p);
    rv = lw_ruleset_load(rs, data(p, "good.rules"), &err);
    CHECK(rv == APR_SUCCESS);
    if (err)
        fprintf(stderr, "good.rules: %s\n", err);
    CHECK(lw_ruleset_count(rs) == 5);
    rv = lw_ruleset_compile(rs, p, &blob, &len, &err);
    CHECK(rv == APR_SUCCESS);
    if (rv != APR_SUCCESS)
        fprintf(stderr, "compile: %s\n", err);
    CHECK(blob != NULL && len > 0 && ((apr_uintptr_t)blob & 7) == 0);

    /* Round trip: the blob is position independent. Copy it into another
     * buffer, wipe the original, attach to the copy. */
    if (blob) {
        copy = apr_palloc(p, len);
        memcpy(copy, blob, len);
        memset(blob, 0xa5, len);
        rv = lw_engine_create(&e, copy, len, p, &err);
        CHECK(rv == APR_SUCCESS && e != NULL);
    }
    if (e) {
        lw_request_t req;
        lw_result_t res;
        lw_limits_t lim;
        int flagged, idx;
        CHECK(lw_engine_rule_count(e) == 5);
        CHECK(lw_engine_rule_id(e, 0) == 100100);
        CHECK(lw_engine_rule_index(e, 300) == 2);
        CHECK(lw_engine_rule_index(e, 999) == -1);
        CHECK(lw_engine_rule_category(e, 3) == LW_CAT_TOOL);
        CHECK_STR(lw_engine_rule_msg(e, 1), "Path traversal to /etc/passwd");
        /* The examples were run at compile time, but counted nothing. */
        for (idx = 0; idx < 5; idx++)
            CHECK(lw_engine_rule_hits(e, idx) == 0);
        lw_limits_default(&lim);
        memset(&req, 0, sizeof(req));
        req.method = "GET";
        req.uri = "/x.php?id=1%20UNION%20ALL%20SELECT%201";
        flagged = lw_classify(e, &req, &lim, p, &res);
        CHECK(flagged == 1);
        CHECK(res.nhits == 1 && res.hits[0].rule_id == 100100);
        CHECK(lw_engine_rule_hits(e, 0) == 1);
        /* A corrupted blob is refused, not trusted. */
        {
            lw_engine_t *e2 = NULL;
            char *bad_copy = apr_palloc(p, len);
            memcpy(bad_copy, copy, len);
            bad_copy[0] ^= 1;
            CHECK(lw_engine_create(&e2, bad_copy, len, p, &err) != APR_SUCCESS);
            CHECK(err && strstr(err, "bad signature blob") != NULL);
            CHECK(lw_engine_create(&e2, copy, 16, p, &err) != APR_SUCCESS);
        }
    }

    /* A directory: every *.rules in name order, nothing else. */
    rs = lw_ruleset_create(p);
    rv = lw_ruleset_load(rs, data(p, "sigdir"), &err);
    CHECK(rv == APR_SUCCESS);
    CHECK(lw_ruleset_count(rs) == 2);
    rv = lw_ruleset_compile(rs, p, &blob, &len, &err);
    CHECK(rv == APR_SUCCESS);
    if (rv == APR_SUCCESS && lw_engine_create(&e, blob, len, p, &err) == APR_SUCCESS) {
        CHECK(lw_engine_rule_id(e, 0) == 1);   /* 10-first.rules */
        CHECK(lw_engine_rule_id(e, 1) == 2);   /* 20-second.rules */
    }
    /* Loading twice: the same ids again are duplicates. */
    rv = lw_ruleset_load(rs, data(p, "sigdir/10-first.rules"), &err);
    CHECK(rv != APR_SUCCESS);
    CHECK(err && strstr(err, "10-first.rules:1: duplicate rule id 1 (first at ")
          && strstr(err, "10-first.rules:1)"));
    CHECK(lw_ruleset_count(rs) == 2);   /* the failed file added nothing */
    /* Several files and directories add up. */
    rv = lw_ruleset_load(rs, data(p, "good.rules"), &err);
    CHECK(rv == APR_SUCCESS && lw_ruleset_count(rs) == 7);

    /* Duplicate ids across files name both places. */
    err = load_err(p, data(p, "dupdir"), 0);
    CHECK(err && strstr(err, "dupdir/b.rules:3: duplicate rule id 7 (first at ")
          && strstr(err, "dupdir/a.rules:1)"));
    if (err)
        printf("dupdir: %s\n", err);

    /* Missing path, empty directory. */
    err = load_err(p, data(p, "no-such-file.rules"), 0);
    CHECK(err && strstr(err, "no-such-file.rules:0: "));
    err = load_err(p, tmpdir, 0);
    CHECK(err && strstr(err, ":0: no *.rules file in directory"));

    /* Each kind of bad file: the right line and reason. */
    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        const char *name = apr_pstrcat(p, bad[i].name, ".rules", NULL);
        const char *path = write_tmp(p, name, bad[i].text);
        err = load_err(p, path, bad[i].compile);
        if (!ends_with_at(err, path, bad[i].want)) {
            lw_t_fail++;
            fprintf(stderr, "FAIL: %s: got \"%s\", want \"%s%s...\"\n",
                    bad[i].name, err ? err : "(accepted)", path, bad[i].want);
        }
        else
            lw_t_pass++;
        if (!bad[i].compile) {
            /* Caught by the parser, not only by the compiler. */
            lw_ruleset_t *r2 = lw_ruleset_create(p);
            CHECK(lw_ruleset_load(r2, path, &err) != APR_SUCCESS);
        }
        apr_file_remove(path, p);
    }
    /* Nothing loaded: compile refuses. */
    rs = lw_ruleset_create(p);
    CHECK(lw_ruleset_compile(rs, p, &blob, &len, &err) != APR_SUCCESS);
    apr_dir_remove(tmpdir, p);
    LW_TEST_END();
}
