#!/usr/bin/env bash
# What the test suite talks to for real: Debian's chromium (Lighthouse, browser tests), xmllint, Prometheus and
# promtool, its Alertmanager (amtool) and Pushgateway (dashboards/test), PostgreSQL on 127.0.0.1:5432 and Redis on
# 127.0.0.1:6379. Installs or starts what is missing (as root), otherwise says exactly what to do. Runs before
# `npm test` (pretest).
set -euo pipefail

need_apt=()
command -v chromium >/dev/null 2>&1 || [ -n "${CHROME_PATH:-}" ] || need_apt+=(chromium)
command -v xmllint >/dev/null 2>&1 || need_apt+=(libxml2-utils)
{ command -v prometheus && command -v promtool; } >/dev/null 2>&1 || need_apt+=(prometheus)
{ command -v prometheus-alertmanager && command -v amtool; } >/dev/null 2>&1 || need_apt+=(prometheus-alertmanager)
command -v prometheus-pushgateway >/dev/null 2>&1 || need_apt+=(prometheus-pushgateway)
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "test prerequisites: apt-get install ${need_apt[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
  else
    echo "test prerequisites: missing ${need_apt[*]}; install them (Debian: sudo apt-get install ${need_apt[*]}) or set CHROME_PATH" >&2
    exit 1
  fi
fi

if ! pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then
  if command -v pg_ctlcluster >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start
  else
    echo "test prerequisites: PostgreSQL is not answering on 127.0.0.1:5432 (trust auth, user postgres)" >&2
    exit 1
  fi
fi
if ! (command -v redis-cli >/dev/null 2>&1 && redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1); then
  if command -v redis-server >/dev/null 2>&1; then
    redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no
  else
    echo "test prerequisites: Redis is not answering on 127.0.0.1:6379" >&2
    exit 1
  fi
fi
