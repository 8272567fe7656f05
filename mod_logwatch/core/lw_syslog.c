/* RFC 5424 syslog client for shipping records to a collector (see
 * lw_syslog.h). Bounded: every socket operation has the handle's timeout,
 * and after a failure the handle drops records until its back-off expires
 * instead of trying (and waiting) again on every request. */
#include "lw_syslog.h"

#include <apr_strings.h>
#include <apr_network_io.h>
#include <apr_lib.h>
#if APR_HAS_THREADS
#include <apr_thread_mutex.h>
#endif

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/uio.h>
#include <unistd.h>

#define BACKOFF_MIN (200 * 1000)
#define BACKOFF_MAX (5 * 1000 * 1000)
#define UDP_MAX 65507
/* Header bytes besides the host name: "<191>1 " + a 32-byte timestamp +
 * " mod_logwatch " + a PID + " - - ", with room to spare. */
#define HDR_FIXED 80

struct lw_syslog_t {
    apr_pool_t *pool;          /* private: own allocator, used under mutex */
    apr_pool_t *cpool;         /* the current connection's, child of pool */
    apr_socket_t *sock;
    apr_sockaddr_t *sa;
    lw_syslog_url_t u;
    char hostname[256];
    pid_t owner;               /* process the socket was opened in */
    apr_time_t retry_at;       /* no reconnect before this */
    apr_interval_time_t backoff;
    apr_uint64_t sent, dropped;
#if APR_HAS_THREADS
    apr_thread_mutex_t *mutex;
#endif
};

static const char *const facilities[] = {
    "kern", "user", "mail", "daemon", "auth", "syslog", "lpr", "news",
    "uucp", "cron", "authpriv", "ftp", NULL
};

int lw_syslog_facility_from_name(const char *name)
{
    int i;
    if (!name || !*name)
        return -1;
    if (apr_isdigit(name[0])) {
        apr_uint64_t v;
        return lw_parse_number(name, LW_NUM_PLAIN, 0, LW_SYSLOG_FACILITY_MAX,
                               &v) ? (int)v : -1;
    }
    for (i = 0; facilities[i]; i++)
        if (strcasecmp(name, facilities[i]) == 0)
            return i;
    if (strcasecmp(name, "security") == 0)      /* an old name of auth */
        return 4;
    if (strncasecmp(name, "local", 5) == 0 && name[5] >= '0'
        && name[5] <= '7' && name[6] == '\0')
        return 16 + (name[5] - '0');
    return -1;
}

int lw_syslog_severity(int lw_sev)
{
    switch (lw_sev) {
    case LW_SEV_CRITICAL: return 2;
    case LW_SEV_HIGH:     return 3;
    case LW_SEV_MEDIUM:   return 4;
    case LW_SEV_LOW:      return 5;
    default:              return 6;
    }
}

static apr_status_t bad(apr_pool_t *p, const char **err, const char *url,
                        const char *why)
{
    *err = apr_psprintf(p, "%s: %s (want syslog://HOST[:PORT]"
                        "[?proto=udp|tcp&facility=NAME&timeout=MS"
                        "&maxlen=BYTES])", url, why);
    return APR_EINVAL;
}

static int parse_num(const char *s, long lo, long hi, long *out)
{
    char *end;
    long v;
    if (!apr_isdigit(*s))
        return -1;
    v = strtol(s, &end, 10);
    if (*end || v < lo || v > hi)
        return -1;
    *out = v;
    return 0;
}

apr_status_t lw_syslog_parse_url(apr_pool_t *p, const char *url,
                                 lw_syslog_url_t *u, const char **err)
{
    const char *rest, *q;
    char *auth, *addr = NULL, *scope = NULL;
    apr_port_t port = 0;
    apr_size_t alen;

    *err = NULL;
    memset(u, 0, sizeof(*u));
    u->port = LW_SYSLOG_DEFAULT_PORT;
    u->facility = LW_SYSLOG_DEFAULT_FACILITY;
    u->timeout = LW_SYSLOG_DEFAULT_TIMEOUT;
    u->maxlen = LW_SYSLOG_DEFAULT_MAXLEN;
    if (!url)
        return bad(p, err, "(null)", "no URL");
    if (strncasecmp(url, "syslog://", 9) != 0)
        return bad(p, err, url, "not a syslog:// URL");
    rest = url + 9;
    q = strchr(rest, '?');
    alen = q ? (apr_size_t)(q - rest) : strlen(rest);
    if (alen && rest[alen - 1] == '/')
        alen--;
    if (alen == 0)
        return bad(p, err, url, "no host");
    auth = apr_pstrmemdup(p, rest, alen);
    if (strchr(auth, '/') || strchr(auth, '@'))
        return bad(p, err, url, "a path or user is not allowed");
    if (apr_parse_addr_port(&addr, &scope, &port, auth, p) != APR_SUCCESS
        || !addr || !*addr)
        return bad(p, err, url, "bad host or port");
    if (scope)
        return bad(p, err, url, "IPv6 scope ids are not supported");
    if (auth[0] != '[' && strchr(addr, ':'))
        return bad(p, err, url, "bad port (an IPv6 address goes in [])");
    if (strspn(addr, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
               "0123456789.-_:") != strlen(addr))
        return bad(p, err, url, "bad host name");
    u->host = addr;
    if (port)
        u->port = port;

    if (q) {
        char *params = apr_pstrdup(p, q + 1), *state, *kv;
        for (kv = apr_strtok(params, "&", &state); kv;
             kv = apr_strtok(NULL, "&", &state)) {
            char *v = strchr(kv, '=');
            long n;
            if (!v)
                return bad(p, err, url, apr_psprintf(p, "parameter '%s' "
                                                     "has no value", kv));
            *v++ = '\0';
            if (strcmp(kv, "proto") == 0) {
                if (strcasecmp(v, "tcp") == 0)
                    u->tcp = 1;
                else if (strcasecmp(v, "udp") == 0)
                    u->tcp = 0;
                else
                    return bad(p, err, url, "proto must be udp or tcp");
            }
            else if (strcmp(kv, "facility") == 0) {
                int f = lw_syslog_facility_from_name(v);
                if (f < 0)
                    return bad(p, err, url, apr_psprintf(p, "unknown "
                                                         "facility '%s'", v));
                u->facility = f;
            }
            else if (strcmp(kv, "timeout") == 0) {
                if (parse_num(v, 1, 10000, &n))
                    return bad(p, err, url, "timeout must be 1..10000 ms");
                u->timeout = (apr_interval_time_t)n * 1000;
            }
            else if (strcmp(kv, "maxlen") == 0) {
                if (parse_num(v, 1024, 65000, &n))
                    return bad(p, err, url, "maxlen must be 1024..65000");
                u->maxlen = (apr_size_t)n;
            }
            else
                return bad(p, err, url, apr_psprintf(p, "unknown parameter "
                                                     "'%s'", kv));
        }
    }
    return APR_SUCCESS;
}

/* HOSTNAME is PRINTUSASCII (33..126), at most 255 characters. */
static void clean_hostname(char *dst, const char *src)
{
    apr_size_t i = 0;
    if (src)
        for (; src[i] && i < 255; i++) {
            unsigned char c = (unsigned char)src[i];
            dst[i] = (c >= 33 && c <= 126) ? (char)c : '_';
        }
    if (i == 0)
        dst[i++] = '-';
    dst[i] = '\0';
}

apr_size_t lw_syslog_header(char *buf, int facility, int severity,
                            apr_time_t t, const char *hostname, long pid)
{
    apr_time_exp_t tm;
    char host[256];
    long off;
    int pri = ((facility & 31) << 3) | (severity & 7);

    clean_hostname(host, hostname);
    apr_time_exp_lt(&tm, t);
    off = tm.tm_gmtoff;
    apr_snprintf(buf, LW_SYSLOG_HDR_MAX,
                 "<%d>1 %04d-%02d-%02dT%02d:%02d:%02d.%06d%c%02ld:%02ld "
                 "%s " LW_SYSLOG_APPNAME " %ld - - ",
                 pri, tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                 tm.tm_hour, tm.tm_min, tm.tm_sec, tm.tm_usec,
                 off < 0 ? '-' : '+', labs(off) / 3600, labs(off) % 3600 / 60,
                 host, pid);
    return strlen(buf);
}

char *lw_syslog_format(apr_pool_t *p, int facility, int severity,
                       apr_time_t t, const char *hostname, long pid,
                       const char *rec, apr_size_t len, apr_size_t *outlen)
{
    char hdr[LW_SYSLOG_HDR_MAX];
    apr_size_t hl = lw_syslog_header(hdr, facility, severity, t, hostname,
                                     pid);
    char *out;

    if (len && rec[len - 1] == '\n')
        len--;
    out = apr_palloc(p, hl + len + 1);
    memcpy(out, hdr, hl);
    memcpy(out + hl, rec, len);
    out[hl + len] = '\0';
    if (outlen)
        *outlen = hl + len;
    return out;
}

static apr_status_t destroy_private(void *data)
{
    lw_syslog_t *s = data;
    apr_pool_destroy(s->pool);
    return APR_SUCCESS;
}

apr_status_t lw_syslog_open(lw_syslog_t **out, apr_pool_t *p,
                            const lw_syslog_url_t *u, const char *hostname)
{
    apr_pool_t *priv;
    lw_syslog_t *s;
    apr_status_t rv;

    *out = NULL;
    rv = apr_pool_create_unmanaged_ex(&priv, NULL, NULL);
    if (rv != APR_SUCCESS)
        return rv;
    s = apr_pcalloc(priv, sizeof(*s));
    s->pool = priv;
    s->u = *u;
    s->u.host = apr_pstrdup(priv, u->host);
    clean_hostname(s->hostname, hostname);
    rv = apr_sockaddr_info_get(&s->sa, s->u.host, APR_UNSPEC, s->u.port, 0,
                               priv);
#if APR_HAS_THREADS
    if (rv == APR_SUCCESS)
        rv = apr_thread_mutex_create(&s->mutex, APR_THREAD_MUTEX_DEFAULT,
                                     priv);
#endif
    if (rv != APR_SUCCESS) {
        apr_pool_destroy(priv);
        return rv;
    }
    apr_pool_cleanup_register(p, s, destroy_private, apr_pool_cleanup_null);
    *out = s;
    return APR_SUCCESS;
}

apr_size_t lw_syslog_max_record(const lw_syslog_t *s)
{
    return s->u.maxlen - HDR_FIXED - strlen(s->hostname);
}

static void drop_conn(lw_syslog_t *s)
{
    /* In a forked child the socket belongs to the parent too; closing our
     * copy of the descriptor does not disturb it. */
    if (s->cpool)
        apr_pool_destroy(s->cpool);
    s->cpool = NULL;
    s->sock = NULL;
}

static apr_status_t connect_locked(lw_syslog_t *s)
{
    apr_status_t rv;
    apr_socket_t *sock;

    rv = apr_pool_create(&s->cpool, s->pool);
    if (rv != APR_SUCCESS) {
        s->cpool = NULL;
        return rv;
    }
    rv = apr_socket_create(&sock, s->sa->family,
                           s->u.tcp ? SOCK_STREAM : SOCK_DGRAM,
                           s->u.tcp ? APR_PROTO_TCP : APR_PROTO_UDP,
                           s->cpool);
    if (rv == APR_SUCCESS)
        rv = apr_socket_timeout_set(sock, s->u.timeout);
    /* On UDP, connect() only fixes the peer: send() then reports an
     * unreachable port instead of losing records silently for ever. */
    if (rv == APR_SUCCESS)
        rv = apr_socket_connect(sock, s->sa);
    if (rv != APR_SUCCESS) {
        drop_conn(s);
        return rv;
    }
    s->sock = sock;
    s->owner = getpid();
    return APR_SUCCESS;
}

/* Write every byte of the vectors before the deadline. */
static apr_status_t send_all(lw_syslog_t *s, struct iovec *vec, int n,
                             apr_time_t deadline)
{
    while (n > 0) {
        apr_size_t done = 0;
        apr_interval_time_t left = deadline - apr_time_now();
        apr_status_t rv;

        if (left <= 0)
            return APR_TIMEUP;
        apr_socket_timeout_set(s->sock, left);
        rv = apr_socket_sendv(s->sock, vec, n, &done);
        if (rv != APR_SUCCESS)
            return rv;
        while (n > 0 && done >= vec->iov_len) {
            done -= vec->iov_len;
            vec++;
            n--;
        }
        if (n > 0) {
            vec->iov_base = (char *)vec->iov_base + done;
            vec->iov_len -= done;
        }
    }
    return APR_SUCCESS;
}

static apr_status_t send_locked(lw_syslog_t *s, const char *hdr,
                                apr_size_t hl, const char *rec,
                                apr_size_t len)
{
    struct iovec vec[3];
    char frame[24];
    int n = 0, tries;
    apr_time_t now = apr_time_now();
    apr_status_t rv = APR_SUCCESS;

    if (!s->u.tcp && hl + len > UDP_MAX)
        return APR_EINVAL;
    if (s->sock && s->owner != getpid())
        drop_conn(s);
    if (s->sock && s->u.tcp) {
        /* The collector closed on us (restart): a write would still
         * succeed and the record vanish, so reconnect first. */
        int eof = 0;
        if (apr_socket_atreadeof(s->sock, &eof) != APR_SUCCESS || eof)
            drop_conn(s);
    }
    if (!s->sock && now < s->retry_at)
        return APR_EAGAIN;

    if (s->u.tcp) {
        apr_snprintf(frame, sizeof(frame), "%" APR_SIZE_T_FMT " ", hl + len);
        vec[n].iov_base = frame;
        vec[n++].iov_len = strlen(frame);
    }
    vec[n].iov_base = (char *)hdr;
    vec[n++].iov_len = hl;
    vec[n].iov_base = (char *)rec;
    vec[n++].iov_len = len;

    /* A second try: on TCP after a reconnect, on UDP because a refused
     * port is reported on the send after the one that was refused. */
    for (tries = 0; tries < 2; tries++) {
        struct iovec v[3];
        memcpy(v, vec, sizeof(vec));
        if (!s->sock && (rv = connect_locked(s)) != APR_SUCCESS)
            break;
        rv = send_all(s, v, n, apr_time_now() + s->u.timeout);
        if (rv == APR_SUCCESS)
            break;
        /* Never leave half a TCP frame in the stream. */
        drop_conn(s);
        if (s->u.tcp && (APR_STATUS_IS_TIMEUP(rv) || APR_STATUS_IS_EAGAIN(rv)))
            break;
    }
    if (rv == APR_SUCCESS) {
        s->backoff = 0;
        s->retry_at = 0;
        return APR_SUCCESS;
    }
    s->backoff = s->backoff ? s->backoff * 2 : BACKOFF_MIN;
    if (s->backoff > BACKOFF_MAX)
        s->backoff = BACKOFF_MAX;
    s->retry_at = apr_time_now() + s->backoff;
    /* EAGAIN means "in back-off" to the caller: report a timeout instead. */
    return APR_STATUS_IS_EAGAIN(rv) ? APR_TIMEUP : rv;
}

apr_status_t lw_syslog_send(lw_syslog_t *s, int sev, apr_time_t t,
                            const char *rec, apr_size_t len)
{
    char hdr[LW_SYSLOG_HDR_MAX];
    apr_size_t hl;
    apr_status_t rv;

    if (len && rec[len - 1] == '\n')
        len--;
    hl = lw_syslog_header(hdr, s->u.facility, sev, t ? t : apr_time_now(),
                          s->hostname, (long)getpid());
#if APR_HAS_THREADS
    apr_thread_mutex_lock(s->mutex);
#endif
    rv = send_locked(s, hdr, hl, rec, len);
    if (rv == APR_SUCCESS)
        s->sent++;
    else
        s->dropped++;
#if APR_HAS_THREADS
    apr_thread_mutex_unlock(s->mutex);
#endif
    return rv;
}

void lw_syslog_stats(lw_syslog_t *s, apr_uint64_t *sent,
                     apr_uint64_t *dropped)
{
#if APR_HAS_THREADS
    apr_thread_mutex_lock(s->mutex);
#endif
    if (sent)
        *sent = s->sent;
    if (dropped)
        *dropped = s->dropped;
#if APR_HAS_THREADS
    apr_thread_mutex_unlock(s->mutex);
#endif
}

void lw_syslog_close(lw_syslog_t *s)
{
#if APR_HAS_THREADS
    apr_thread_mutex_lock(s->mutex);
#endif
    drop_conn(s);
#if APR_HAS_THREADS
    apr_thread_mutex_unlock(s->mutex);
#endif
}
