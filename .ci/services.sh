#!/usr/bin/env bash
# Starts the services the tests and `npm start` use, on their standard loopback ports, unless they already
# answer: NATS with JetStream (4222), PostgreSQL (5432) and Redis (6379). Installs them first when missing
# (Debian/Ubuntu, as root). Safe to run again.
set -euo pipefail

# apt-get with its output kept out of the log unless it fails.
apt_quiet() {
  local log
  log=$(mktemp)
  if ! DEBIAN_FRONTEND=noninteractive apt-get -q "$@" >"$log" 2>&1; then
    cat "$log" >&2
    rm -f "$log"
    return 1
  fi
  rm -f "$log"
}

answers() { # host port
  (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null
}

wait_for() { # name port
  for _ in $(seq 1 100); do
    if answers 127.0.0.1 "$2"; then echo "services: $1 answers on 127.0.0.1:$2"; return 0; fi
    sleep 0.2
  done
  echo "services: $1 did not answer on 127.0.0.1:$2 within 20 s" >&2
  return 1
}

install_missing() {
  local missing=()
  command -v nats-server >/dev/null || [ -x /usr/sbin/nats-server ] || missing+=(nats-server)
  command -v pg_ctlcluster >/dev/null || missing+=(postgresql)
  command -v redis-server >/dev/null || missing+=(redis-server)
  if [ "${#missing[@]}" -gt 0 ]; then
    echo "services: installing ${missing[*]}"
    apt_quiet update
    apt_quiet install -y --no-install-recommends "${missing[@]}"
    case " ${missing[*]} " in *" postgresql "*) trust_loopback ;; esac
  fi
}

# A fresh Debian cluster asks for passwords on TCP; the tests and the default DATABASE_URL connect as `postgres`
# without one. Done only for a cluster this script just installed: a loopback-only development database.
trust_loopback() {
  local hba
  hba="/etc/postgresql/$(ls /etc/postgresql | sort -V | tail -n 1)/main/pg_hba.conf"
  [ -f "$hba" ] || return 0
  sed -i '1i host all all 127.0.0.1/32 trust\nhost all all ::1/128 trust' "$hba"
}

start_postgres() {
  answers 127.0.0.1 5432 && return 0
  local version
  version=$(ls /etc/postgresql | sort -V | tail -n 1)
  if ! pg_lsclusters -h 2>/dev/null | awk '{print $1 "/" $2}' | grep -qx "$version/main"; then
    pg_createcluster "$version" main
  fi
  pg_ctlcluster --skip-systemctl-redirect "$version" main start
}

start_redis() {
  answers 127.0.0.1 6379 && return 0
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no
}

start_nats() {
  answers 127.0.0.1 4222 && return 0
  mkdir -p /var/lib/nats-server
  start-stop-daemon --start --oknodo --background --exec /usr/sbin/nats-server -- \
    -a 127.0.0.1 -p 4222 -js -sd /var/lib/nats-server
}

if ! answers 127.0.0.1 4222 || ! answers 127.0.0.1 5432 || ! answers 127.0.0.1 6379; then install_missing; fi
start_postgres
start_redis
start_nats
wait_for PostgreSQL 5432
wait_for Redis 6379
wait_for NATS 4222
