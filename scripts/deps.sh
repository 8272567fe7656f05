#!/bin/sh
# Install what building and testing mod_logwatch needs (Debian 12, as root).
# Skips apt when everything is already there.
#   scripts/deps.sh            build and test packages
#   scripts/deps.sh --build    only what building and the demo need
set -e
# Test packages: pytest (and pytest-xdist: the integration tests run in
# three processes), rsyslog (the syslog destinations), mod_security2
# (the side-by-side evaluation), clang (fuzzing), valgrind (the tools under
# it) and logrotate (the shipped logrotate stanza is run for real).
PKGS="build-essential autoconf automake libtool pkg-config apache2 apache2-dev
libpcre2-dev libapr1-dev libaprutil1-dev zlib1g-dev python3 curl"
[ "${1:-}" = --build ] || PKGS="$PKGS python3-pytest python3-pytest-xdist rsyslog
libapache2-mod-security2 clang libclang-rt-14-dev valgrind logrotate"
# chromium renders the HTML report headless (test_report_browser.py)
[ "${1:-}" = --build ] || PKGS="$PKGS chromium"
[ "${1:-}" = --build ] || PKGS="$PKGS dpkg-dev debhelper lintian"   # the Debian package test (dpkg-buildpackage, lintian)
# fail2ban, crowdsec, prometheus: the ban-tool and metrics tests run them
# for real (conf/fail2ban, conf/crowdsec, the status page's metrics).
[ "${1:-}" = --build ] || PKGS="$PKGS fail2ban crowdsec prometheus"
# PHP: the response-evidence tests attack the suite's own vulnerable pages
# under mod_php (prefork) and php-fpm through mod_proxy_fcgi (event, worker)
[ "${1:-}" = --build ] || PKGS="$PKGS libapache2-mod-php php-cli php-sqlite3 php-fpm"
[ -n "$LW_EXTRA_PKGS" ] && PKGS="$PKGS $LW_EXTRA_PKGS"
missing=""
for p in $PKGS; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" != 0 ]; then
    echo "deps: missing packages:$missing (run as root to install them)" >&2
    exit 1
fi
echo "deps: installing$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# crowdsec's postinst registers with CrowdSec's Central API unless this
# file exists and is not empty (README.Debian); without a network the
# registration, and so the install, fails. The tests use a private
# configuration and never the Central API.
case " $missing " in *" crowdsec "*)
    if [ ! -s /etc/crowdsec/online_api_credentials.yaml ]; then
        mkdir -p /etc/crowdsec
        echo "# Central API registration disabled (see README.Debian)" \
            >/etc/crowdsec/online_api_credentials.yaml
    fi ;;
esac
apt-get install -y -qq --no-install-recommends $missing >/dev/null
# Debian starts the stock apache2 service on install; our tests run their
# own private httpd, so leave the system one alone but out of the way.
if [ -x /usr/sbin/apache2ctl ] && command -v systemctl >/dev/null 2>&1; then
    systemctl stop apache2 2>/dev/null || true
fi
# Likewise fail2ban, crowdsec and prometheus: the tests start their own
# on private sockets and ports.
if command -v systemctl >/dev/null 2>&1; then
    for s in fail2ban crowdsec prometheus; do
        case " $missing " in *" $s "*)
            systemctl stop "$s" 2>/dev/null || true
            systemctl disable "$s" 2>/dev/null || true ;;
        esac
    done
    # php-fpm's service is named after the PHP version; the tests start a
    # php-fpm of their own on a private socket
    case " $missing " in *" php-fpm "*)
        for s in $(systemctl list-unit-files 'php*-fpm.service' 2>/dev/null \
                   | sed -n 's/^\(php[0-9.]*-fpm\)\.service.*/\1/p'); do
            systemctl stop "$s" 2>/dev/null || true
            systemctl disable "$s" 2>/dev/null || true
        done ;;
    esac
fi
exit 0
