#!/usr/bin/env bash
# Install the Debian packages the local cluster needs (PostgreSQL, Redis, nginx) when any is missing.
# Idempotent: does nothing when all are there. Only the binaries are needed: the cluster runs its own
# private instances (scripts/cluster.sh), so the system services are not started by the install.
set -euo pipefail

missing=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
command -v redis-cli >/dev/null 2>&1 || missing+=(redis-tools)
[ -x /usr/sbin/nginx ] || command -v nginx >/dev/null 2>&1 || missing+=(nginx)
[ "${#missing[@]}" -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1; then
  as_root=(sudo)
else
  echo "install_services: missing ${missing[*]}; install them as root: apt-get install ${missing[*]}" >&2
  exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "install_services: missing ${missing[*]} and no apt-get here; install them with your package manager" >&2
  exit 1
fi

echo "install_services: installing ${missing[*]} (Debian packages)"
# Keep the packages' own services from starting (the cluster runs private instances on other ports),
# unless the machine already has a policy in place.
policy=/usr/sbin/policy-rc.d
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' | "${as_root[@]}" tee "$policy" >/dev/null
  "${as_root[@]}" chmod 755 "$policy"
  trap '"${as_root[@]}" rm -f "$policy"' EXIT
fi
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "install_services: done"
