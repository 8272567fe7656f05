"""Measuring on a shared, noisy machine, for the benchmark scripts: CPU
accounting of a process tree, CPU pinning, the machine's CPU usage, and a
confidence interval for a median.

A CpuMeter counts the CPU time (user + system) used by one process tree,
such as an httpd parent and all its children, including children that have
exited. CPU seconds per request served is much steadier than requests per
second on a shared machine: other jobs take the CPU away from the server
(fewer requests per second) but do not make each request cost more CPU
(apart from cache effects).

Two ways, the first that works:
  cgroup   a private cgroup (v1 cpuacct, or v2 cpu.stat) the tree is
           started in: nanosecond (v1) or microsecond (v2) counters that
           include every process of the tree, living or exited (root only)
  proc     /proc/PID/stat of the parent (its utime+stime, and cutime+cstime
           of the children it has reaped) plus the utime+stime of each
           living child: clock ticks (10 ms), enough for measurements of a
           few CPU seconds
"""
import math
import os
import time

CLK_TCK = os.sysconf("SC_CLK_TCK")

# (directory the private cgroup is made in, counter file)
CGROUP_KINDS = [
    ("/sys/fs/cgroup/cpuacct", "cpuacct.usage_user"),
    ("/sys/fs/cgroup/cpu,cpuacct", "cpuacct.usage_user"),
    ("/sys/fs/cgroup/unified", "cpu.stat"),
    ("/sys/fs/cgroup", "cpu.stat"),
]


def _read_counter(d, counter):
    """(user, system) CPU seconds of cgroup directory d."""
    if counter == "cpu.stat":
        v = {}
        with open(os.path.join(d, counter)) as f:
            for line in f:
                k, _, n = line.partition(" ")
                v[k] = int(n)
        if "user_usec" not in v:
            raise OSError("no user_usec in " + d)
        return v["user_usec"] * 1e-6, v["system_usec"] * 1e-6
    with open(os.path.join(d, "cpuacct.usage_user")) as f:
        user = int(f.read())
    with open(os.path.join(d, "cpuacct.usage_sys")) as f:
        return user * 1e-9, int(f.read()) * 1e-9


def _stat_fields(pid):
    """The fields of /proc/PID/stat after the command name (field 3 on)."""
    with open("/proc/%d/stat" % pid) as f:
        s = f.read()
    return s[s.rindex(")") + 2:].split()


class CpuMeter:
    """meter = CpuMeter("bare"); subprocess.run(cmd, preexec_fn=meter.join)
    then meter.set_pidfile(path) (for the /proc way); meter.seconds() before
    and after each measurement; meter.close() once the tree has exited."""

    def __init__(self, name, want_cgroup=True):
        self.cg = None
        self.share = None
        self.pidfile = None
        self.method = "proc"
        if not want_cgroup:
            return
        for base, counter in CGROUP_KINDS:
            if not os.path.exists(os.path.join(base, counter)):
                continue
            d = os.path.join(base, "lw-bench-%s-%d" % (name, os.getpid()))
            try:
                os.mkdir(d)
                _read_counter(d, counter)
            except OSError:
                try:
                    os.rmdir(d)
                except OSError:
                    pass
                continue
            self.cg, self.counter = d, counter
            self.method = "cgroup " + os.path.basename(base)
            break
        # a CPU-controller group of its own (same default weight for every
        # meter): trees running at the same time on the same CPU then get
        # equal CPU time whatever their thread counts
        for base in ("/sys/fs/cgroup/cpu", "/sys/fs/cgroup/cpu,cpuacct"):
            if os.path.exists(os.path.join(base, "cpu.shares")):
                d = os.path.join(base, "lw-bench-%s-%d" % (name, os.getpid()))
                try:
                    if d != self.cg:
                        os.mkdir(d)
                    self.share = d
                    break
                except OSError:
                    pass

    def join(self):
        """preexec_fn: move the starting process into the cgroup, so every
        process it forks is counted."""
        for d in sorted({self.share, self.cg} - {None}):
            with open(os.path.join(d, "cgroup.procs"), "w") as f:
                f.write(str(os.getpid()))

    def set_pidfile(self, path):
        self.pidfile = path

    def seconds(self):
        """(user, system) CPU seconds of the tree so far."""
        if self.cg:
            return _read_counter(self.cg, self.counter)
        return self._proc_seconds()

    def _proc_seconds(self):
        with open(self.pidfile) as f:
            parent = int(f.read().split()[0])
        p = _stat_fields(parent)
        # fields 14-17: utime stime cutime cstime (index 11-14 here)
        user = int(p[11]) + int(p[13])
        syst = int(p[12]) + int(p[14])
        for d in os.listdir("/proc"):
            if not d.isdigit():
                continue
            try:
                f = _stat_fields(int(d))
            except OSError:
                continue
            if int(f[1]) == parent:          # field 4: ppid
                user += int(f[11])
                syst += int(f[12])
        return user / CLK_TCK, syst / CLK_TCK

    def close(self):
        for d in {self.cg, self.share} - {None}:
            for _ in range(50):
                try:
                    os.rmdir(d)
                    break
                except OSError:
                    time.sleep(0.1)


def split_cpus():
    """(server CPUs, load generator CPUs) as taskset lists: the first half of
    the CPUs this process may use for the server, the rest for the load
    generator; None when there are fewer than two."""
    cpus = sorted(os.sched_getaffinity(0))
    if len(cpus) < 2:
        return None
    half = len(cpus) // 2
    return (",".join(map(str, cpus[:half])), ",".join(map(str, cpus[half:])))


def cpu_times():
    """(busy, steal, total) jiffies of the whole machine from /proc/stat."""
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:]]
    idle = v[3] + (v[4] if len(v) > 4 else 0)
    steal = v[7] if len(v) > 7 else 0
    total = sum(v[:8])
    return total - idle - steal, steal, total


def median_ci(v):
    """Distribution-free confidence interval for the median of v: the k-th
    smallest and k-th largest values, k the largest for which the chance
    that the true median lies outside is at most 5% (binomial, p = 1/2;
    with fewer than 6 values: min-max). Returns (low, high, coverage)."""
    n = len(v)
    x = sorted(v)
    tail = [math.comb(n, i) / 2.0 ** n for i in range(n + 1)]
    k, below = 1, tail[0]
    while 2 * (below + tail[k]) <= 0.05:
        below += tail[k]
        k += 1
    return x[k - 1], x[n - k], 1 - 2 * below
