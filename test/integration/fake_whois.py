#!/usr/bin/python3
"""A fake WHOIS server: a real TCP server on loopback that answers port-43
style queries from the recorded answers in whois/ (ARIN, RIPE, APNIC,
LACNIC, AFRINIC styles, and IANA referrals).

Everything runs on one port, so the client is started with
--whois-server 127.0.0.1:PORT and sends every hop here; the query style
tells the hops apart:

    "n + IP"   ARIN       -> the ARIN answer for IP (or a referral)
    "-B IP"    RIPE       -> the RIPE answer for IP
    "IP"       IANA first -> the IANA referral for IP; a later plain query
               for the same IP is the referred registry's (APNIC, LACNIC,
               AFRINIC use plain queries)

Modes (hostile servers): "normal", "silent" (reads the query, never
answers), "garbage" (binary noise, then close), "huge" (megabytes of
WHOIS-looking lines without a contact), "drip" (one byte every 0.2 s,
forever: only a deadline for the whole exchange stops a client),
"refer" (every answer refers to refer_to, e.g. a private address), and
"stall-refer" (waits `delay` seconds, then refers to a server never named
before: only a deadline for the whole run stops a client).

Use from a test:

    with FakeWhois() as w:
        run(["--whois-server", "127.0.0.1:%d" % w.port, ...])
        assert w.queries == [...]

or by hand: fake_whois.py [--mode M] [--port P]
"""
import os
import random
import socketserver
import sys
import threading
import time

WHOIS_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "whois")

# ip -> (IANA answer, registry, registry answer)
TABLE = {
    "174.121.218.75": ("iana_arin.txt", "arin", "arin_174.txt"),
    "91.224.160.60": ("iana_ripe.txt", "ripe", "ripe_91.txt"),
    "221.157.225.69": ("iana_apnic.txt", "apnic", "apnic_221.txt"),
}
# first octet -> same, for addresses made up by the tests
BY_OCTET = {
    "174": TABLE["174.121.218.75"],
    "91": TABLE["91.224.160.60"],
    "221": TABLE["221.157.225.69"],
    "200": ("iana_arin.txt", "lacnic", "lacnic_200.txt"),
    "41": ("iana_arin.txt", "afrinic", "afrinic_41.txt"),
}


def answer_file(name):
    with open(os.path.join(WHOIS_DIR, name), "rb") as f:
        return f.read()


def iana_for(registry, ip):
    """An IANA-style referral to the registry's server for ip."""
    host = "whois.%s.net" % registry
    return ("%% IANA WHOIS server\n%% This query returned 1 object\n\n"
            "refer:        %s\n\ninetnum:      %s.0.0.0 - %s.255.255.255\n"
            "status:       ALLOCATED\n\nwhois:        %s\n\nsource:       "
            "IANA\n\n" % (host, ip.split(".")[0], ip.split(".")[0], host)
            ).encode("ascii")


class FakeWhois:
    def __init__(self, mode="normal", port=0, huge_bytes=6 * 1024 * 1024,
                 table=None, refer_to=None, delay=0.0):
        self.mode = mode
        self.refer_to = refer_to
        self.delay = delay
        self._hops = 0
        self.huge_bytes = huge_bytes
        self.table = dict(TABLE)
        if table:
            self.table.update(table)
        self.queries = []           # query lines as received (str)
        self.connections = 0
        self._plain_seen = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        outer = self

        class Handler(socketserver.BaseRequestHandler):
            def handle(self):
                outer._handle(self.request)

        class Server(socketserver.ThreadingTCPServer):
            allow_reuse_address = True
            daemon_threads = True

        self.server = Server(("127.0.0.1", port), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever,
                                       daemon=True)

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self._stop.set()
        self.server.shutdown()
        self.server.server_close()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    def entry(self, ip):
        if ip in self.table:
            return self.table[ip]
        return BY_OCTET.get(ip.split(".")[0])

    def respond(self, query):
        """The answer (bytes) to one query line in normal mode."""
        if query.startswith("n + "):
            ip = query[4:].strip()
            e = self.entry(ip)
            if e and e[1] == "arin":
                return answer_file(e[2])
            if e and e[1] == "ripe":
                # transferred space: ARIN refers to RIPE
                return answer_file("arin_referral.txt")
            return b"#\n# ARIN WHOIS data\n#\n\nNo match found for n + " + \
                ip.encode("ascii", "replace") + b".\n"
        if query.startswith("-B "):
            ip = query[3:].strip()
            e = self.entry(ip)
            if e and e[1] == "ripe":
                return answer_file(e[2])
            return b"%ERROR:101: no entries found\n%\n"
        ip = query.strip()
        e = self.entry(ip)
        if not e:
            return b"% IANA WHOIS server\n% Error: Invalid query\n"
        with self._lock:
            n = self._plain_seen.get(ip, 0)
            self._plain_seen[ip] = n + 1
        if n == 0 or e[1] in ("arin", "ripe"):
            if e[0] == "iana_arin.txt" and e[1] != "arin":
                return iana_for(e[1], ip)
            return answer_file(e[0])
        return answer_file(e[2])

    def _read_query(self, sock):
        sock.settimeout(10)
        data = b""
        while b"\n" not in data and len(data) < 4096:
            try:
                chunk = sock.recv(1024)
            except OSError:
                break
            if not chunk:
                break
            data += chunk
        return data.split(b"\n")[0].rstrip(b"\r").decode("ascii", "replace")

    def _handle(self, sock):
        q = self._read_query(sock)
        with self._lock:
            self.queries.append(q)
            self.connections += 1
        try:
            if self.mode == "silent":
                self._stop.wait(120)
            elif self.mode == "garbage":
                rnd = random.Random(q)
                sock.sendall(bytes(rnd.randrange(256) for _ in range(8192)))
            elif self.mode == "huge":
                line = b"remarks:        " + b"x" * 60 + b"\n"
                sent = 0
                while sent < self.huge_bytes and not self._stop.is_set():
                    sock.sendall(line * 1024)
                    sent += len(line) * 1024
            elif self.mode == "refer":
                sock.sendall(b"% IANA WHOIS server\n\nrefer:        "
                             + self.refer_to.encode("ascii") + b"\n")
            elif self.mode == "stall-refer":
                with self._lock:
                    self._hops += 1
                    n = self._hops
                self._stop.wait(self.delay)
                sock.sendall(b"refer:        whois.hop%d.example.net\n" % n)
            elif self.mode == "drip":
                while not self._stop.is_set():
                    sock.sendall(b"%")
                    time.sleep(0.2)
            else:
                sock.sendall(self.respond(q))
        except OSError:
            pass            # the client hung up first: that is its right


def main(argv):
    mode, port = "normal", 4343
    args = list(argv)
    while args:
        a = args.pop(0)
        if a == "--mode":
            mode = args.pop(0)
        elif a == "--port":
            port = int(args.pop(0))
        else:
            print(__doc__)
            return 2
    w = FakeWhois(mode=mode, port=port).start()
    print("fake WHOIS (%s) on 127.0.0.1:%d" % (mode, w.port), flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        w.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
