/* Shipping attack records to a remote syslog collector: RFC 5424 messages
 * over UDP (one datagram per record, RFC 5426) or TCP (octet-counting
 * framing, RFC 6587). The JSON record is carried unchanged as MSG.
 *
 * Wiring in the module (LogWatchLog syslog://HOST[:PORT][?...]):
 *   - at configuration time:  lw_syslog_parse_url() (report *err and fail
 *     the directive on error), then lw_syslog_open() with pconf and the
 *     record's host name. No connection is made yet.
 *   - per request:            lw_syslog_send() with the JSON line. The
 *     connection is made lazily, once per process (a handle inherited over
 *     fork() reconnects in the child), so opening in post_config is fine.
 * Core code: no httpd header. Thread-safe (one mutex per handle). */
#ifndef LW_SYSLOG_H
#define LW_SYSLOG_H

#include "lw.h"
#include <apr_network_io.h>

#define LW_SYSLOG_DEFAULT_PORT     514
#define LW_SYSLOG_DEFAULT_FACILITY 16        /* local0 */
#define LW_SYSLOG_DEFAULT_TIMEOUT  (50 * 1000) /* us: connect and send */
#define LW_SYSLOG_DEFAULT_MAXLEN   8192      /* whole message (rsyslog's
                                              * default maxMessageSize) */
#define LW_SYSLOG_APPNAME          "mod_logwatch"

/* A parsed destination. */
typedef struct {
    const char *host;          /* name or address (IPv6 without brackets) */
    apr_port_t port;           /* default 514 */
    int tcp;                   /* 1: TCP, octet counting; 0: UDP (default) */
    int facility;              /* 0..23, default local0 */
    apr_interval_time_t timeout; /* per connect / send, default 50 ms */
    apr_size_t maxlen;         /* longest message sent, header included */
} lw_syslog_url_t;

/* Parse "syslog://HOST[:PORT][?PARAM=VALUE&...]". HOST may be "[v6addr]".
 * Parameters: proto=udp|tcp, facility=NAME|0..23 (kern user mail daemon
 * auth syslog lpr news uucp cron authpriv ftp local0..local7),
 * timeout=MILLISECONDS (1..10000), maxlen=BYTES (512..65000). Unknown
 * parameters are errors, so a typo fails at configuration time. Returns
 * APR_SUCCESS, or APR_EINVAL with *err (from p) saying why. */
apr_status_t lw_syslog_parse_url(apr_pool_t *p, const char *url,
                                 lw_syslog_url_t *u, const char **err);

/* Facility number (RFC 5424: kern 0 .. local7 23) for "local0", "daemon",
 * ... ("security" is auth), or a number 0..23; -1 when unknown. The one
 * list of facility names: the remote form's ?facility= and the local
 * `LogWatchLog syslog:facility` (shifted for syslog(3)) both use it. */
#define LW_SYSLOG_FACILITY_MAX 23
int lw_syslog_facility_from_name(const char *name);

/* Syslog severity (0 emerg .. 7 debug) for a record's lw_severity_e:
 * critical -> crit, high -> err, medium -> warning, low -> notice,
 * info (and anything else) -> info. */
int lw_syslog_severity(int lw_sev);

/* Format the RFC 5424 header, everything before MSG:
 *   "<PRI>1 TIMESTAMP HOSTNAME mod_logwatch PROCID - - "
 * into buf (size >= LW_SYSLOG_HDR_MAX); returns its length. TIMESTAMP is t
 * in local time with microseconds and offset; hostname is cut to 255
 * characters, anything outside printable ASCII becomes '_', empty becomes
 * "-". */
#define LW_SYSLOG_HDR_MAX 400
apr_size_t lw_syslog_header(char *buf, int facility, int severity,
                            apr_time_t t, const char *hostname, long pid);

/* The whole message as sent over UDP (no framing): header + the record
 * without its trailing '\n'. Memory from p. For tests and diagnostics. */
char *lw_syslog_format(apr_pool_t *p, int facility, int severity,
                       apr_time_t t, const char *hostname, long pid,
                       const char *rec, apr_size_t len, apr_size_t *outlen);

typedef struct lw_syslog_t lw_syslog_t;

/* Resolve the destination and create the handle (memory: a private pool,
 * destroyed with p). hostname: the HOSTNAME field (the record's "host").
 * Fails only when HOST cannot be resolved. */
apr_status_t lw_syslog_open(lw_syslog_t **out, apr_pool_t *p,
                            const lw_syslog_url_t *u, const char *hostname);

/* Largest JSON record that fits in one message: pass it as `max` to
 * lw_record_json() (it is >= 512 whenever maxlen >= 1024). */
apr_size_t lw_syslog_max_record(const lw_syslog_t *s);

/* Send one record (rec, len bytes; a trailing '\n' is not sent). sev: the
 * syslog severity (lw_syslog_severity()); t: the record's time, or 0 for
 * now. Waits at most about the timeout (one reconnection and one send; a
 * partly sent TCP frame closes the connection, so the stream never carries
 * half a record). Allocates nothing from the caller; a reconnection uses
 * the handle's private pool, freed with the old connection. The process
 * must ignore SIGPIPE (httpd does). Returns:
 *   APR_SUCCESS  handed to the kernel;
 *   APR_EAGAIN   dropped: a recent failure is still in its back-off
 *                (200 ms doubling to 5 s) - not worth a log line;
 *   other        dropped: a fresh failure (connect, send) - log it; this
 *                happens at most once per back-off period. */
apr_status_t lw_syslog_send(lw_syslog_t *s, int sev, apr_time_t t,
                            const char *rec, apr_size_t len);

/* Records sent and dropped by this process since open. */
void lw_syslog_stats(lw_syslog_t *s, apr_uint64_t *sent,
                     apr_uint64_t *dropped);

/* Close the connection (the next send reconnects). */
void lw_syslog_close(lw_syslog_t *s);

#endif
