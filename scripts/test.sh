#!/usr/bin/env bash
# Marquee's test command: installs what the tests need on a fresh Debian machine, then runs every test.
# Plain `swift test` runs the same suites; this script only adds the system packages.
set -euo pipefail
cd "$(dirname "$0")/.."

need_packages=()
dpkg -s libsqlite3-dev >/dev/null 2>&1 || need_packages+=(libsqlite3-dev)
if [ ${#need_packages[@]} -gt 0 ]; then
    echo "==> installing ${need_packages[*]}"
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_packages[@]}"
fi

echo "==> swift test"
swift test "$@"
