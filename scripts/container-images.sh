#!/usr/bin/env bash
# Builds the images of the compose topology (deploy/compose/docker-compose.yml) with podman, from Debian's packages
# only (no image registry is needed):
#   marquee-base:bookworm  Debian 12 (minbase) made with debootstrap and imported; every image below starts from it
#   marquee-app:local      Marquee's release binary with Kafka support (the Containerfile at the repository root);
#                          with MARQUEE_APP_BINARY=DIR, the `marquee` in DIR instead (built on this host with
#                          `--traits Kafka --static-swift-stdlib`; the Containerfile's `prebuilt` target)
#   marquee-postgres:15, marquee-kafka:noida, marquee-nginx:1.22, marquee-prometheus:2   (deploy/containers/*)
# Installs podman, runc and debootstrap from Debian when missing, and podman-compose from PyPI into
# .build-container/podman-compose (Debian 12's podman-compose 1.0.3 cannot run a service with network_mode: host: it
# adds a network of its own to the same `podman run`, which podman refuses). The base image is kept once made
# (MARQUEE_REBUILD_BASE=1 makes it again); the others are rebuilt from podman's layer cache.
#
# The builder stage gets the host's Swift toolchain (SWIFT_ROOT, /opt/swift by default) mounted read-only, the host's
# git configuration and every local directory it redirects github.com to (the Swift package mirror), and a build
# folder of the checkout, .build-container, so a second build of the binary is incremental.
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
need_packages=()
for tool in podman runc debootstrap; do
    command -v "$tool" >/dev/null 2>&1 || need_packages+=("$tool")
done
if [ ${#need_packages[@]} -gt 0 ]; then
    echo "==> installing ${need_packages[*]}"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_packages[@]}"
fi
compose_version=1.6.0
compose_venv=.build-container/podman-compose
if [ "$("$compose_venv/bin/podman-compose" --version 2>/dev/null | head -1)" != "podman-compose version $compose_version" ]; then
    echo "==> installing podman-compose $compose_version from PyPI into $compose_venv"
    rm -rf "$compose_venv"
    mkdir -p .build-container
    if ! python3 -m venv "$compose_venv" >/dev/null 2>&1; then
        $SUDO apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq python3-venv
        rm -rf "$compose_venv"
        python3 -m venv "$compose_venv"
    fi
    "$compose_venv/bin/pip" install --quiet --disable-pip-version-check "podman-compose==$compose_version"
fi
export CONTAINERS_CONF="${CONTAINERS_CONF:-$PWD/deploy/containers/containers.conf}"
# podman needs root here (its rootless mode needs subuid ranges the build machines do not have).
PODMAN="podman"
[ "$(id -u)" -eq 0 ] || PODMAN="sudo --preserve-env=CONTAINERS_CONF podman"

elapsed() { echo "$(( $(date +%s) - $1 )) s"; }

base=marquee-base:bookworm
if [ "${MARQUEE_REBUILD_BASE:-0}" = 1 ] || ! $PODMAN image exists "$base"; then
    started=$(date +%s)
    rootfs=$(mktemp -d /tmp/marquee-rootfs.XXXXXX)
    trap '$SUDO rm -rf "$rootfs"' EXIT
    echo "==> debootstrap bookworm (minbase) into $rootfs"
    mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
    $SUDO debootstrap --variant=minbase bookworm "$rootfs" "$mirror" >"$rootfs.log" 2>&1 \
        || { tail -20 "$rootfs.log"; exit 1; }
    rm -f "$rootfs.log"
    # Updates and security fixes too, as on the host.
    printf '%s\n' "deb $mirror bookworm main" "deb $mirror bookworm-updates main" \
        "deb http://deb.debian.org/debian-security bookworm-security main" | $SUDO tee "$rootfs/etc/apt/sources.list" >/dev/null
    $SUDO rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
    $SUDO tar -C "$rootfs" -c . | $PODMAN import --quiet - "$base" >/dev/null
    $SUDO rm -rf "$rootfs"
    trap - EXIT
    echo "==> $base imported in $(elapsed "$started")"
fi

# The builder's view of the host: the toolchain, and the Swift package mirror that git is configured to use.
swift_root=${SWIFT_ROOT:-/opt/swift}
[ -x "$swift_root/usr/bin/swift" ] || { echo "no Swift toolchain at $swift_root (set SWIFT_ROOT)" >&2; exit 1; }
mounts=(-v "$swift_root:/opt/swift:ro")
if [ -f /etc/gitconfig ]; then
    mounts+=(-v /etc/gitconfig:/etc/gitconfig:ro)
    while read -r key _; do
        package_mirror=${key#url.}
        package_mirror=${package_mirror%.insteadof}
        [ -d "$package_mirror" ] && mounts+=(-v "$package_mirror:$package_mirror:ro")
    done < <(git config --system --get-regexp '^url\..*\.insteadof$' 2>/dev/null | sort -u -k1,1)
fi
mkdir -p .build-container
mounts+=(-v "$PWD/.build-container:/src/.build")
code_version=$(git rev-parse HEAD 2>/dev/null || echo unknown)
[ -z "$(git status --porcelain 2>/dev/null)" ] || code_version="$code_version-dirty"

build() { # build NAME CONTAINERFILE [ARGS...]
    local name=$1 file=$2 started
    shift 2
    started=$(date +%s)
    echo "==> podman build $name ($file)"
    if ! $PODMAN build --network host --layers -f "$file" -t "$name" "$@" . >".build-container/$name.log" 2>&1; then
        tail -40 ".build-container/$name.log"
        echo "building $name failed; the whole log: .build-container/$name.log" >&2
        exit 1
    fi
    echo "==> $name built in $(elapsed "$started")"
}

build marquee-postgres:15 deploy/containers/postgres/Containerfile
# The broker's wheel through the host's pip (which knows the way to PyPI), installed from it inside the build.
mkdir -p .build-container/wheels
ls .build-container/wheels/noida_db-0.2.3-*.whl >/dev/null 2>&1 \
    || python3 -m pip download --quiet --no-deps -d .build-container/wheels noida-db==0.2.3
build marquee-kafka:noida deploy/containers/kafka/Containerfile -v "$PWD/.build-container/wheels:/wheels:ro" \
    --build-arg WHEELS=/wheels
build marquee-nginx:1.22 deploy/containers/nginx/Containerfile
build marquee-prometheus:2 deploy/containers/prometheus/Containerfile
if [ -n "${MARQUEE_APP_BINARY:-}" ]; then
    # A binary built on this host (Debian 12 too) instead of the release build inside the builder stage: the same
    # runtime stage, with this `marquee` (it must have the Kafka trait and the Swift libraries linked statically).
    app_binary=$(realpath "$MARQUEE_APP_BINARY")
    [ -x "$app_binary/marquee" ] || { echo "no executable marquee in MARQUEE_APP_BINARY ($app_binary)" >&2; exit 1; }
    build marquee-app:local Containerfile --target prebuilt -v "$app_binary:/prebuilt:ro" \
        --build-arg "MARQUEE_BINARY_SHA256=$(sha256sum "$app_binary/marquee" | cut -d' ' -f1)"
else
    build marquee-app:local Containerfile "${mounts[@]}" --build-arg "MARQUEE_CODE_VERSION=$code_version"
fi
