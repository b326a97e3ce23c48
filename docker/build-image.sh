#!/usr/bin/env bash
# Build the verticals sandbox image without a container registry.
#
# Why: CI and air-gapped hosts reach Debian's package mirror but no registry, so the image
# is made from Debian packages (debootstrap, minbase + python3) and loaded with
# `docker import`. Hosts that can pull `python:3.x-slim` may use docker/Dockerfile instead.
#
# Usage: docker/build-image.sh [TAG]        (env: DEBIAN_SUITE, DEBIAN_MIRROR, DOCKER_HOST)
set -euo pipefail

tag="${1:-verticals-sandbox:bookworm}"
suite="${DEBIAN_SUITE:-bookworm}"
mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"

command -v debootstrap >/dev/null || { echo "build-image: debootstrap is missing" >&2; exit 1; }
command -v docker >/dev/null || { echo "build-image: docker CLI is missing" >&2; exit 1; }

root="$(mktemp -d /tmp/verticals-rootfs.XXXXXX)"
trap 'rm -rf --one-file-system "$root"' EXIT

echo "build-image: debootstrap $suite into $root" >&2
debootstrap --variant=minbase --include=python3 "$suite" "$root" "$mirror" >&2

# Shrink: the sandbox never runs apt, so its caches and docs are dead weight.
rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/* \
       "$root"/usr/share/doc/* "$root"/usr/share/man/* "$root"/usr/share/locale/*
install -d -m 0777 "$root/work"

echo "build-image: importing as $tag" >&2
tar --numeric-owner -C "$root" -c . | docker import \
    --change 'USER 65534:65534' \
    --change 'WORKDIR /work' \
    --change 'ENV LANG=C.UTF-8 PYTHONDONTWRITEBYTECODE=1' \
    --change 'CMD ["python3"]' \
    - "$tag" >&2
echo "$tag"
