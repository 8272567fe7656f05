/* lw_disk.c: block and inode use of the file system holding a path. */
#include "lw_disk.h"

#include <errno.h>
#include <string.h>
#include <sys/statvfs.h>
#include <apr_strings.h>

static double pct(apr_uint64_t used, apr_uint64_t avail)
{
    /* As df: what is used out of what non-root users could have. */
    if (used + avail == 0)
        return 0.0;
    return 100.0 * (double)used / (double)(used + avail);
}

void lw_disk_check(apr_pool_t *p, const char *path, double threshold,
                   lw_disk_t *d)
{
    struct statvfs st;

    memset(d, 0, sizeof(*d));
    d->path = path;
    if (statvfs(path, &st) != 0) {
        d->error = apr_pstrdup(p, strerror(errno));
        d->warn = 1;
        return;
    }
    d->bytes_total = (apr_uint64_t)st.f_blocks * st.f_frsize;
    d->bytes_used = (apr_uint64_t)(st.f_blocks - st.f_bfree) * st.f_frsize;
    d->bytes_avail = (apr_uint64_t)st.f_bavail * st.f_frsize;
    d->inodes_total = st.f_files;
    d->inodes_used = st.f_files - st.f_ffree;
    d->inodes_avail = st.f_favail;
    d->bytes_pct = pct(d->bytes_used, d->bytes_avail);
    /* Some file systems (btrfs) report no inodes: nothing to warn about. */
    d->inodes_pct = st.f_files ? pct(d->inodes_used, d->inodes_avail) : 0.0;
    d->warn = d->bytes_pct >= threshold || d->inodes_pct >= threshold;
}
