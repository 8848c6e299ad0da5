#!/bin/sh
# Sets up a Debian or Ubuntu host for mypaas: Docker's engine, Node.js >= 20, the mypaas command,
# then `mypaas server init` (config, network, proxy, daemon). Run as root; safe to run again.
#   ./install.sh [--email you@example.com] [--proxy traefik|haproxy|none]
set -eu

INIT_ARGS=""
while [ $# -gt 0 ]; do
  case "$1" in
    --email | --proxy)
      [ $# -ge 2 ] || { printf 'mypaas install: error: %s needs a value\n' "$1" >&2; exit 2; }
      INIT_ARGS="$INIT_ARGS $1 $2"
      shift 2
      ;;
    -h | --help)
      sed -n '2,4p' "$0"
      exit 0
      ;;
    *)
      printf 'mypaas install: error: unknown option %s (see --help)\n' "$1" >&2
      exit 2
      ;;
  esac
done

MIN_NODE_MAJOR=20
HERE=$(cd "$(dirname "$0")" && pwd)

say() { printf 'mypaas install: %s\n' "$*"; }
die() { printf 'mypaas install: error: %s\n' "$*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || die "run me as root (e.g. sudo ./install.sh)"
command -v apt-get >/dev/null || die "this installer supports Debian and Ubuntu (apt-get not found)"
export DEBIAN_FRONTEND=noninteractive

updated=no
apt_install() {
  missing=''
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $pkg"
  done
  [ -n "$missing" ] || return 0
  if [ "$updated" = no ]; then apt-get update -qq; updated=yes; fi
  say "installing$missing"
  # shellcheck disable=SC2086
  apt-get install -y -qq --no-install-recommends $missing >/dev/null
}

node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

ensure_node() {
  [ "$(node_major)" -ge "$MIN_NODE_MAJOR" ] && return 0
  apt_install ca-certificates
  [ "$updated" = yes ] || { apt-get update -qq; updated=yes; }
  candidate=$(apt-cache policy nodejs | sed -n 's/^ *Candidate: *\([0-9]*\).*/\1/p')
  if [ "${candidate:-0}" -ge "$MIN_NODE_MAJOR" ]; then
    apt_install nodejs npm
  else
    die "Node.js >= $MIN_NODE_MAJOR is needed and this distribution offers ${candidate:-none}.
  Install Node.js $MIN_NODE_MAJOR or newer (e.g. from nodejs.org or NodeSource), then run me again."
  fi
}

ensure_dockerd() {
  docker info >/dev/null 2>&1 && return 0
  if [ -d /run/systemd/system ]; then
    systemctl enable --now docker
  else
    say "no systemd here: starting dockerd in the background (log: /var/log/dockerd.log)"
    nohup dockerd >/var/log/dockerd.log 2>&1 &
  fi
  i=0
  until docker info >/dev/null 2>&1; do
    i=$((i + 1))
    [ "$i" -le 60 ] || die "the Docker engine did not start within 60s; see /var/log/dockerd.log"
    sleep 1
  done
}

install_mypaas() {
  if [ -f "$HERE/package.json" ] && grep -q '"name": "mypaas"' "$HERE/package.json"; then
    say "installing mypaas from $HERE"
    (cd "$HERE" && npm ci --no-audit --no-fund >/dev/null && npm run build >/dev/null)
    # A packed copy, not a link: the checkout may be moved or deleted after installing.
    npm install -g --install-links --no-audit --no-fund "$HERE" >/dev/null
  else
    say "installing mypaas from the npm registry"
    npm install -g --no-audit --no-fund mypaas >/dev/null
  fi
}

apt_install docker.io git ca-certificates busybox-static haproxy
ensure_node
ensure_dockerd
install_mypaas
say "installed mypaas $(mypaas --version) with $(docker version --format 'Docker {{.Server.Version}}') and Node.js $(node --version)"
# shellcheck disable=SC2086
mypaas server init $INIT_ARGS
