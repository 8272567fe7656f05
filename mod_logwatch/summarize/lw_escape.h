/* Escaping for each sink the summarizer writes to. Every string a record
 * holds came from an attacker: nothing from a record is written anywhere
 * without going through one of these. Results are NUL terminated, from p. */
#ifndef LW_ESCAPE_H
#define LW_ESCAPE_H

#include "lw.h"

#include <stdio.h>

/* Terminal / plain text: printable ASCII (0x20-0x7e) is kept, every other
 * byte (control characters, ESC, DEL, non-ASCII) becomes the text \xHH, so
 * no escape sequence, CR or LF can reach the terminal or a mail body.
 * A NULL string gives "-". */
const char *lw_esc_text(apr_pool_t *p, const char *s);
const char *lw_esc_textn(apr_pool_t *p, const char *s, apr_size_t n);

/* HTML text and attribute values: as lw_esc_text, then & < > " ' as
 * character references. */
const char *lw_esc_html(apr_pool_t *p, const char *s);

/* One shell word in single quotes: 'it'\''s'. Control and non-ASCII bytes
 * are refused (NULL), they have no business in a command line. */
const char *lw_esc_shell(apr_pool_t *p, const char *s);

/* A string inside a double-quoted mod_security (Apache config) argument,
 * for @streq / @beginsWith: '\' and '"' are backslash-escaped (Apache's
 * config reader undoes exactly that). Refused (NULL): empty strings, control
 * characters, non-ASCII, and "%{" (mod_security macro expansion), which
 * would change what the rule compares. Strings longer than 1024 bytes are
 * refused too. */
const char *lw_esc_secrule(apr_pool_t *p, const char *s);

/* A host name safe for SERVER_NAME in a rule: letters, digits, '-', '.',
 * 1-253 bytes. Returns non-zero when valid. */
int lw_valid_hostname(const char *s);

/* A string in the JSON report (and its breaches section), written to out:
 * as lw_json_str does for records, quotes and backslashes escaped, other
 * bytes outside printable ASCII as the text \xHH, so the document is ASCII
 * whatever the input. NULL is written as null. */
void lw_json_write_str(FILE *out, const char *s);
/* The same text into b when s needs no escape and it fits in room bytes:
 * the end of what was put; NULL (nothing put) otherwise. */
char *lw_json_put_plain(char *b, apr_size_t room, const char *s);

/* A time as "YYYY-MM-DDThh:mm:ss+hh:mm" at offset off seconds; null when
 * t or off is out of range. */
void lw_json_write_time(FILE *out, apr_time_t t, int off);

#endif
