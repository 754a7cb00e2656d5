#!/usr/bin/env bash
# Installs the Debian packages the test suite needs, only those that are missing:
# PostgreSQL server binaries, scikit-learn for /usr/bin/python3 (the reference for the
# example's model quality), pandas and PyYAML for it (the pyfunc loading test of SDK models), Chromium for browser tests, and the CNCF registry (docker-registry)
# for image push tests. Needs root (or sudo) and Debian's package mirror.
set -euo pipefail
missing=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
/usr/bin/python3 -c 'import sklearn' >/dev/null 2>&1 || missing+=(python3-sklearn)
/usr/bin/python3 -c 'import pandas' >/dev/null 2>&1 || missing+=(python3-pandas)
/usr/bin/python3 -c 'import yaml' >/dev/null 2>&1 || missing+=(python3-yaml)
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v docker-registry >/dev/null 2>&1 || [ -x /usr/bin/docker-registry ] || missing+=(docker-registry)
if [ ${#missing[@]} -eq 0 ]; then
  echo "test dependencies: all present"
  exit 0
fi
echo "test dependencies: installing ${missing[*]}"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
