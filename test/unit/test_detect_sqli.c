/* Unit tests of the SQL injection detector (lw_sqli.c, lw_sqli_tok.c,
 * lw_sqli_lex.c) with the shipped word table. The values here were written
 * for these tests, class by class; none comes from the evaluation lists. */
#include <stdlib.h>
#include <apr_strings.h>
#include "lw_test.h"
#include "lw_detect.h"

#define LW_SQLI_SEC_MAX 32      /* lw_words' limit of sections */

static apr_pool_t *P;
static lw_words_t *W;
static lw_detect_out_t O;

static int D(const char *v)
{
    memset(&O, 0, sizeof(O));
    return lw_detect_sqli(W, v, strlen(v), &O);
}

#define STRONG(v) do { int r_ = D(v); if (r_ != LW_DETECT_STRONG) { \
        fprintf(stderr, "  want STRONG: [%s] got %d %s\n", v, r_, O.why); } \
        CHECK(r_ == LW_DETECT_STRONG); } while (0)
#define NOT_STRONG(v) do { int r_ = D(v); if (r_ == LW_DETECT_STRONG) { \
        fprintf(stderr, "  want not STRONG: [%s] got %s\n", v, O.why); } \
        CHECK(r_ != LW_DETECT_STRONG); } while (0)
#define NONE(v) do { int r_ = D(v); if (r_ != LW_DETECT_NONE) { \
        fprintf(stderr, "  want NONE: [%s] got %d %s\n", v, r_, O.why); } \
        CHECK(r_ == LW_DETECT_NONE); } while (0)
#define WEAK(v) do { int r_ = D(v); if (r_ != LW_DETECT_WEAK) { \
        fprintf(stderr, "  want WEAK: [%s] got %d %s\n", v, r_, O.why); } \
        CHECK(r_ == LW_DETECT_WEAK); } while (0)

static void test_words_load(void)
{
    char *err = NULL;
    const char *path = apr_pstrcat(P, lw_test_srcdir(),
                                   "/conf/signatures/sqli.words", NULL);
    lw_words_t *w = lw_words_create(P, lw_sqli_sections, lw_sqli_nsections);
    CHECK(w != NULL);
    CHECK(lw_words_add_file(w, path, &err) == APR_SUCCESS);
    if (err)
        fprintf(stderr, "%s\n", err);
    CHECK(lw_words_count(w) > 300);
    CHECK(lw_words_get(w, "UNION", 5) != 0);
    CHECK(lw_words_get(w, "information_schema", 18) != 0);
    CHECK(lw_words_section(w, "function") >= 0);
    W = w;
}

static void test_boolean(void)
{
    STRONG("7 or 2>1");
    STRONG("42 AND 99=99");
    STRONG("12) OR (8=8");
    STRONG("abc' Or 'q'<>'r");
    STRONG("q\" or \"k\"!=\"z");
    STRONG("z' anD 2 regexp 2 #");
    STRONG("' or 3 is not null --");
    STRONG("' or 5");
    STRONG("' or '7");                  /* '7' is true to MySQL */
    STRONG("or 4=4");
    STRONG("1 || 1=1");
    STRONG("1/**/and/**/2=2");          /* comments as white space */
    STRONG("' or ((((((((((1=1");      /* nesting */
    STRONG("1 and ((((((((((select 1))))))))))=1");
    STRONG("' or 'a' sounds like 'a");
    STRONG("x' and data->>'role'='admin");
    STRONG("or nick=nick");             /* the same name: a tautology */
    NOT_STRONG("or nick=name");
    STRONG("(case when 1=1 then 1 else 0 end)");
}

static void test_union(void)
{
    STRONG("0 union select 8,9,10");
    STRONG("-5 UnIoN AlL SeLeCt null,null");
    STRONG("9) union (select 1,2)");
    STRONG("x' union/**/select/**/char(97),2--");
    STRONG("-3 /*!12345union*/ /*!12345select*/ 5,6");   /* versioned */
    STRONG("1union select 2");          /* glued to the number */
    NONE("european union select committee");
    NONE("union station");
}

static void test_stacked(void)
{
    STRONG("3; drop table orders");
    STRONG("abc'; update accounts set role='x'--");
    STRONG("5; exec master..xp_cmdshell 'whoami'");
    STRONG("7; shutdown --");
    STRONG("1;waitfor delay '0:0:7'");
    STRONG("1; select pg_sleep(7)");
    STRONG("' revoke all on t from public; --");   /* cut off by a comment */
    NONE("click 'update profile' -- thanks");
    STRONG("select current_user;");
    NONE("a;b;c");
    NONE("I'm ok; you're ok");
    /* a statement keyword closing a list of words: no value before the ';' */
    NONE("Status; Uptime; Load");
    NONE("Notes; Drafts; Copy");
    NOT_STRONG("; set the table");
    STRONG("1; copy t from program 'id'");
    STRONG("; select pass from users");
    WEAK("12; shutdown");
    STRONG("x'; shutdown");
    /* TABLE is reserved: "FROM table" is a tutorial's template */
    NONE("SELECT name FROM table WHERE id = 1");
    NONE("select * from  TABLE");
    STRONG("1 union select * from table(dbms_xplan.display)");
    /* a statement that starts the value: a query a person typed, unless
     * it holds what only a probe asks for */
    NOT_STRONG("select * from tables");
    NONE("SELECT COUNT(*) FROM orders");
    NOT_STRONG("select * from users where id = 1");
    NOT_STRONG("select min(price) group by");
    STRONG("select current_database();");
    STRONG("select * from users--");
    STRONG("select name from users; drop table x");
    STRONG("select * from users union select 1,2");
    /* a statement after prose or markup, and HTML comments */
    NOT_STRONG("<p>run this:</p><pre><code>SELECT * FROM wp_options WHERE "
         "option_name = 'siteurl';</code></pre> <!-- /wp:code -->");
    NONE("<!-- wp:paragraph --> where is it? <!-- /wp:paragraph -->");
    /* what the prose before that statement holds is not the statement's:
     * a Markdown heading ('#' is MySQL's comment), "create", "open" */
    NOT_STRONG("<p># Heading - item one</p>\n<pre><code>SELECT * FROM "
               "wp_options WHERE option_name = 'siteurl';</code></pre>");
    NOT_STRONG("<li>Tutorial create garden</li>\n<pre><code>SELECT * FROM "
               "wp_options WHERE option_name = 'siteurl';</code></pre>");
    NOT_STRONG("<h3>Flower salad open: a guide</h3>\n<pre><code>SELECT * FROM t"
               "</code></pre>");
    /* ... what the statement itself holds is */
    STRONG("<p># Heading</p>\n<pre><code>SELECT * FROM users WHERE id = 1 "
           "AND SLEEP(5)</code></pre>");
    STRONG("<p>create it</p> <code>SELECT @@version</code>");
    /* a weak sequence inside that statement is its own grammar (a where
     * b = 'c'); strong ones still count */
    NONE("SELECT name, price FROM products WHERE stock > 0");
    NONE("<p>check it with</p><pre><code>SELECT option_value FROM "
         "wp_options WHERE option_name = 'home';</code></pre>");
    STRONG("SELECT a FROM t WHERE x = '' or 1=1--");
    STRONG("select * from users where id = 1 or 1=1");
    STRONG("x union select * from users");
    STRONG("1 or 1=1 -- ");
    STRONG("select * from master..sysserverse");    /* db..name */
    NONE("wait..what");
    /* a JSON or Python document is not read as breaking out of its own
     * quotes; SQL inside its strings still is */
    NONE("{\"where\": {\"or\": [{\"name\": \"room\"}]}, \"limit\": 10}");
    NONE("[\"where name like 'a%'\", \"order history\"]");
    STRONG("{\"id\":\"1' or 1=1--\"}");
    STRONG("{\"id\": 1 union select 1,2}");
    /* null helpers are in every query: a call alone is no probe */
    NONE("coalesce(null, 0)");
    STRONG("1 and coalesce(null,1)=1");
    STRONG("1 union select * from users -- from table");
}

static void test_functions(void)
{
    STRONG("benchmark(9999999,sha1('x'))");
    STRONG("benchmark(");               /* a parameter name */
    STRONG("database(");
    STRONG("sleep(3)");
    STRONG("1 and sleep(3)");
    STRONG("1 and sleep (3)");
    STRONG("(select 1 from (select sleep(5))q)");
    STRONG("concat_ws(0x3a,user(),database())");
    STRONG("1 or dbms_pipe.receive_message('q',9)=1");
    STRONG("x' and if(ascii(substr(user(),1,1))>96,1,0)='1");
    STRONG("if(1=1,'a','b')");
    STRONG("'+char(77)+'");
    NOT_STRONG("how to use sleep() in python");
    /* a call that starts the value: what follows it decides */
    NOT_STRONG("sleep(1000) in python");
    NOT_STRONG("benchmark(5) vs timeit");
    STRONG("sleep(5)--");
    STRONG("sleep(5) in (1)");
    STRONG("sleep(5) and 1=1");
    STRONG("benchmark(10000000,md5(1))");
    NONE("count(3)");
    NONE("print(str(42))");
    NONE("Version (2)");
}

static void test_postgres(void)
{
    STRONG("1::int");
    STRONG("'::text");
    STRONG("'||unistr('\\0041')::int||'");
    STRONG("' or doc @> '{}'--");
    STRONG("$$x$$; select 1,2");        /* dollar quotes */
    NONE("fe80::1");
    NONE("std::vector<int>");
    NONE("Foo::Bar");
}

static void test_comments_clauses_objects(void)
{
    STRONG("admin'--");                 /* a comment glued to a breakout */
    WEAK("admin' --");                  /* with a blank: prose has it too */
    WEAK("the players' -- all");
    WEAK("admin\" #");
    STRONG("admin')--");
    STRONG("1) order by 7--");
    STRONG("' order by 12#");
    STRONG("order by 3");
    STRONG("' group by pass having 9=9--");
    STRONG("1) procedure analyse()");
    STRONG("order by 1,2,3");
    STRONG("1 limit 1,1");
    STRONG("' limit 1--");
    NONE("speed limit 55");
    NONE("limit 10");
    STRONG("order by 3;--");
    STRONG("1) or true --");
    STRONG("')+char(65)+'");
    STRONG("1 into outfile '/tmp/x'");
    STRONG("1 and exists(select * from sysobjects)");
    STRONG("-2 union select banner,2 from v$version");
    NONE("order by date");
    NONE("information_schema tutorial");
}

/* A catalog's name alone (or dotted into one) is a probe of the schema;
 * in prose, or a name that ordinary things also have, it is not. */
static void test_catalog_alone(void)
{
    STRONG("information_schema.tables");
    STRONG("INFORMATION_SCHEMA.Columns");
    STRONG("pg_catalog.pg_authid");
    STRONG("pg_shadow");
    STRONG("msdb..sysjobs");
    STRONG("master..sysdatabases");
    STRONG("tempdb.dbo.orders");        /* two system parts */
    STRONG("tempdb..orders");           /* MSSQL's default schema */
    STRONG("sys.server_principals");
    STRONG("mysql.user");
    STRONG("sqlite_schema");
    STRONG("dba_users");
    STRONG("syscolumns");
    STRONG("v$version");
    NONE("information_schema tutorial");
    NONE("sys.objects vs sys.all_objects difference");
    NONE("sys.path");
    NONE("master.zip");
    NONE("mysql.sock");
    NONE("dual.example.org");
    NONE("sysusers.d");
    NONE("tempdb");
    NONE("dual");
    NONE("user_name");
}

/* Server variables and information calls alone, inside a cast or a
 * group, or after a breakout. */
static void test_info_alone(void)
{
    STRONG("@@version");
    STRONG("@@SERVERNAME");
    STRONG("version()");
    STRONG("user ( )");
    STRONG("schema()");
    STRONG("session_user()");
    STRONG("sqlite_version()");
    /* SQLite's own calls about the connection, compared or alone */
    STRONG("last_insert_rowid()");
    STRONG("7 or total_changes()=total_changes()");
    STRONG("x' and last_insert_rowid()>0 and 'a'='a");
    NONE("last insert rowid");
    NONE("total changes (3)");
    STRONG("cast(version() as int)");
    STRONG("convert(int,@@version)");
    STRONG("concat(user(),0x3a,database())");
    STRONG("((select @@version))");
    STRONG("'+@@version+'");
    STRONG("x\"||version()||\"");
    NONE("user() docs");
    NONE("sum(a)");
    NONE("max(a, b)");
    NONE("version(2)");
    NONE("v1.2 (build 5)");
    NONE("@@ -1,4 +1,5 @@");
    NONE("@@@@");
    NONE("what does @@version return");
    NONE("user(name)");
}

/* SQLite shell commands after a statement, a division by zero, a
 * procedure called alone with its argument. */
static void test_dotcmd_div_proc(void)
{
    STRONG("1;.shell id");
    STRONG(";.system id");
    STRONG("x'); .import /tmp/x users");
    NONE("1;.5 mm");
    NONE("a;.hidden");
    NONE(".shell");
    STRONG("1 div 0");
    STRONG("x' and 1 mod 0 --");
    STRONG("(select 1) div 0");
    NONE("10 div 3");
    NONE("why is 5 mod 0 undefined");
    STRONG("xp_dirtree '\\\\h.example\\a'");
    STRONG("xp_regread 'HKEY_LOCAL_MACHINE','SOFTWARE'");
    NONE("xp_cmdshell 'whoami' is disabled by default");
    NONE("xp_dirtree docs");
}

/* Keywords cut by comments (a filter that drops comments joins them), and
 * keywords glued to a MySQL versioned comment. */
static void test_cut_versioned(void)
{
    STRONG("1 UN/**/ION SE/**/LECT 1,2");
    STRONG("x' UNI/*x*/ON SEL/*x*/ECT null--");
    STRONG("1 o/**/r 1=1");
    STRONG("1;DR/**/OP TABLE users--");
    STRONG("/*!50000select*/ 1");
    STRONG("1 /*!50000UniON*/ 1");
    STRONG("/*!and*/1=1");
    NONE("a/**/b");
    NONE("un/**/");
    NONE("/*! jQuery v3.7.1 | (c) OpenJS Foundation */");
    NONE("/*! normalize.css v8.0.1 | MIT License */");
}

/* A string built from character codes; MySQL's Latin-1 no-break space
 * as white space; statements after a value that the word table does not
 * name (PL/SQL's begin) or that take a string (SQLite's attach). */
static void test_charcode_nbsp_blocks(void)
{
    STRONG("char(97)||char(100)||char(109)");
    STRONG("chr(65)||chr(66)");
    STRONG("char(0x61)+char(0x64)");
    STRONG("nchar(65)+nchar(66)");
    STRONG("concat(char(97),char(100))");
    NONE("char(13) and char(10)");
    NONE("char(10)");
    STRONG("1\xa0" "union\xa0" "select\xa0" "1,2");
    STRONG("x'\xa0or\xa0'1'='1");
    NONE("caf\xc3\xa0 or tea");          /* UTF-8: a letter, not a space */
    NONE("\xa0\xa0");
    STRONG("'; begin dbms_lock.sleep(2); end;--");
    STRONG("1;attach database '/var/www/x.php' as x");
    NOT_STRONG("Note; see sleep(8) hours");
    NONE("please attach the file 'cv.pdf'");
    STRONG("1;drop database x");
    STRONG("1;create user x identified by 'y'");
    STRONG("'); alter user root identified by 'x'--");
    STRONG("1;call x()");
    NONE("Notes; update user profile");
    NONE("drop database");
}

static void test_benign(void)
{
    NONE("O'Brien");
    NONE("it's 5 o'clock");
    NONE("rock 'n' roll");
    NONE("select one from the menu");
    NONE("(a+b)*2");
    NONE("Tom's diner -- open late");
    NONE("Joe's #1 burgers");
    NONE("5' 10\" tall");
    NONE("He's 5'11\" and 180 lbs");
    NONE("1 or 2 bedrooms");
    NONE("salt or pepper");
    NONE("john.doe@example.com");
    NONE("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
         "(KHTML, like Gecko) Chrome/120.0 Safari/537.36");
    NOT_STRONG("x > 5 and y < 3");
    /* prose and code after an apostrophe or with 'and', 'is', 'when' */
    NONE("run 'update-grub --force' after the upgrade");
    NONE("It's fine to add or change anything that is covered by tests.");
    NOT_STRONG("when `verbose` is true, print more");
    NOT_STRONG("`clang` and `clang++` >= 14 or later");
    NONE("select the \"Drop table\" option");
    NONE("the \"Licensed Files\") or any derived work");
    NONE("Version('2.1')");
    NONE("lib.isNull(x);");
    NOT_STRONG("'>=1.2'");
    NOT_STRONG("the 'or' operator");
    NOT_STRONG("\"and\" or \"or\"?");
}

static void test_why_and_span(void)
{
    const char *v = "abc' or 1=1-- x";
    CHECK(D(v) == LW_DETECT_STRONG);
    CHECK_STR(O.why, "sql:'|s&1=1");
    CHECK(O.off == 0 && O.len == 11);
    v = "id 1 union select 5";
    CHECK(D(v) == LW_DETECT_STRONG);
    CHECK_STR(O.why, "sql:|US1");
    CHECK(O.off == 5 && O.len == 14);
}

static void test_edges(void)
{
    char *big = apr_palloc(P, 8192);
    apr_size_t i;
    lw_detect_out_t o;

    CHECK(lw_detect_sqli(W, "", 0, &o) == LW_DETECT_NONE);
    CHECK(lw_detect_sqli(W, NULL, 0, &o) == LW_DETECT_NONE);
    NONE("'");
    NONE("\"");
    NONE("(");
    NONE(")");
    NONE("''''''");
    NONE("/*");
    NONE("/*!");
    NONE("--");
    NONE("$$");
    NONE("`");
    NONE("[");
    /* no table: the tokenizer still works, words are names */
    CHECK(lw_detect_sqli(NULL, "1 or 1=1", 8, &o) == LW_DETECT_NONE);
    CHECK(lw_detect_sqli(NULL, "x'='", 4, &o) == LW_DETECT_STRONG);
    /* value not NUL-terminated: only len bytes are read */
    CHECK(lw_detect_sqli(W, "1 or 1=1", 7, &o) == LW_DETECT_NONE);
    /* 8 KiB of padding, of parentheses, of quotes, of comment openers */
    memset(big, 'a', 8192);
    CHECK(lw_detect_sqli(W, big, 8192, &o) == LW_DETECT_NONE);
    memset(big, ' ', 8192);
    memcpy(big + 8000, "1 or 1=1", 8);
    CHECK(lw_detect_sqli(W, big, 8192, &o) == LW_DETECT_STRONG);
    CHECK(o.off == 8000);
    memset(big, '(', 8192);
    CHECK(lw_detect_sqli(W, big, 8192, &o) == LW_DETECT_NONE);
    memcpy(big + 8100, "select 1)", 9);
    CHECK(lw_detect_sqli(W, big, 8192, &o) == LW_DETECT_STRONG);
    memset(big, ')', 8192);
    CHECK(lw_detect_sqli(W, big, 8192, &o) == LW_DETECT_NONE);
    memset(big, '\'', 8192);
    CHECK(lw_detect_sqli(W, big, 8192, &o) == LW_DETECT_NONE);
    memset(big, '[', 8192);
    CHECK(lw_detect_sqli(W, big, 8192, &o) == LW_DETECT_NONE);
    memset(big, '$', 8192);
    CHECK(lw_detect_sqli(W, big, 8192, &o) == LW_DETECT_NONE);
    for (i = 0; i + 2 <= 8192; i += 2)
        memcpy(big + i, "$a", 2);
    CHECK(lw_detect_sqli(W, big, 8192, &o) == LW_DETECT_NONE);
    for (i = 0; i + 2 <= 8192; i += 2)
        memcpy(big + i, "/*", 2);
    CHECK(lw_detect_sqli(W, big, 8192, &o) == LW_DETECT_NONE);
    for (i = 0; i < 8192; i++)
        big[i] = (char)(i * 7 + 3);
    CHECK(lw_detect_sqli(W, big, 8192, &o) >= LW_DETECT_NONE);
    /* deep nesting with SQL inside and after */
    memset(big, '(', 4000);
    memcpy(big + 4000, "1 and 2=2", 9);
    memset(big + 4009, ')', 4000);
    CHECK(lw_detect_sqli(W, big, 8009, &o) == LW_DETECT_STRONG);
}

/* A table created from another copy of the section names gets no
 * prepared sequences (lw_words_aux NULL): the detector reads them per
 * value and decides the same. */
static void test_unprepared_table(void)
{
    static const char *const vals[] = {
        "abc' or 1=1-- x", "id 1 union select 5", "1) order by 3--",
        "x\" and sleep(5)#", "' || unistr('a')::int", "select one from menu",
        "it's 5 o'clock", "mid(mid(mid(1))) or 1=1"
    };
    const char *secs[LW_SQLI_SEC_MAX];
    char *err = NULL;
    lw_words_t *w;
    int i;
    for (i = 0; i < lw_sqli_nsections; i++)
        secs[i] = lw_sqli_sections[i];
    w = lw_words_create(P, secs, lw_sqli_nsections);
    CHECK(w != NULL && lw_words_aux(w) == NULL);
    CHECK(lw_words_aux(W) != NULL);
    CHECK(lw_words_add_file(w, apr_pstrcat(P, lw_test_srcdir(),
                                           "/conf/signatures/sqli.words",
                                           NULL), &err) == APR_SUCCESS);
    for (i = 0; i < (int)(sizeof(vals) / sizeof(vals[0])); i++) {
        lw_detect_out_t a, b;
        int ra, rb;
        memset(&a, 0, sizeof(a));
        memset(&b, 0, sizeof(b));
        ra = lw_detect_sqli(W, vals[i], strlen(vals[i]), &a);
        rb = lw_detect_sqli(w, vals[i], strlen(vals[i]), &b);
        CHECK(ra == rb);
        CHECK_STR(a.why, b.why);
        CHECK(a.off == b.off && a.len == b.len);
    }
}

/* Keywords spelled across joined literals, JSON and string functions
 * without keywords around them, MySQL's no-break space, breakouts that
 * reopen parentheses. */
static void test_second_round(void)
{
    STRONG("'sel'||'ect'");
    STRONG("'un'+'ion'");
    STRONG("'un' 'ion'");
    STRONG("1=('sl' 'eep')");
    STRONG("concat('uni','on')");
    STRONG("x' and 1=(select concat('sel','ect'))--");
    NONE("Mary said 'up' 'date' it");
    NONE("the 'union' 'select' committee");
    NONE("'Hello '+'World'");
    NONE("concat('a','b')");
    STRONG("-1 and json_extract(version(),'$')");
    STRONG("1) and json_unquote(user()) like 'r%'#");
    STRONG("1\xa0union\xa0select\xa0user()");
    STRONG("1\xa0or\xa0true");
    NONE("caf\xc3\xa0");
    STRONG("')) AND ((");
    STRONG("')) or (('x'='x");
    WEAK("1';");
    WEAK("'*1*'");
    NONE("O'Brien;");
    NONE("it's (really) and (");
    /* a distinctive function qualified by its schema */
    STRONG("1 and sys.fn_varbintohexstr(1)=1");
    STRONG("1 and pg_catalog.pg_sleep(5) is null");
    NONE("import sys; sys.exit(1)");
    NONE("time.sleep(5)");
    NONE("util.isNull(x)");
    /* what the server is, asked alone */
    STRONG("schema_name()");
    NONE("uuid()");
    /* a subquery as an operand of a breakout; stacked statements with
     * their arguments */
    STRONG("' + (select top 1 password from users) + '");
    STRONG("'+(select password from users)+'");
    NONE("apples and (select name from list)");
    NONE("Choose one (select name from the list)");
    STRONG("1;sp_configure 'xp_cmdshell',1");
    STRONG("1;exec sp_configure 'show advanced options',1");
    STRONG("1;bulk insert x from 'y'");
    NONE("Step 1; set update frequency");
    NONE("benchmark(s) and results");
    NONE("sleep(s)");
    STRONG("1 and sleep(s)");
    /* the strings of a JSON document in a parameter, each a value */
    STRONG("{\"id\":\"1 or 1=1\"}");
    STRONG("[\"1 and sleep(5)\"]");
    STRONG("{\"sort\":\"name desc, (select 1)\"}");
    NONE("{\"q\":\"select all\",\"r\":\"union station\"}");
    NONE("{\"necessary\":true,\"analytics\":false}");
    STRONG("') or jsonb_exists(data,'a')--");
    STRONG("') or myfunc(1)");
    NONE("it's (really) or maybe(x)");
    STRONG("1 or true;--");
    STRONG("1'^0#");
    STRONG("x'-1-- -");
}

int main(void)
{
    LW_TEST_BEGIN(pool);
    P = pool;
    test_words_load();
    test_boolean();
    test_union();
    test_stacked();
    test_functions();
    test_postgres();
    test_comments_clauses_objects();
    test_catalog_alone();
    test_info_alone();
    test_dotcmd_div_proc();
    test_cut_versioned();
    test_charcode_nbsp_blocks();
    test_second_round();
    test_benign();
    test_why_and_span();
    test_edges();
    test_unprepared_table();
    LW_TEST_END();
}
