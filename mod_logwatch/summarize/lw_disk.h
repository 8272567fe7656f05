/* Disk report: use of the file systems holding given paths (statvfs). */
#ifndef LW_DISK_H
#define LW_DISK_H

#include "lw.h"

#define LW_DISK_DEFAULT_THRESHOLD 90.0

typedef struct {
    const char *path;           /* as given (escape it when writing) */
    const char *error;          /* strerror text when statvfs failed */
    apr_uint64_t bytes_total, bytes_used, bytes_avail;
    apr_uint64_t inodes_total, inodes_used, inodes_avail;
    double bytes_pct, inodes_pct; /* used / (used + available), as df */
    int warn;                   /* either one at or over the threshold */
} lw_disk_t;

/* Fill d for path; d->error set (and warn) when it cannot be read. */
void lw_disk_check(apr_pool_t *p, const char *path, double threshold,
                   lw_disk_t *d);

#endif
