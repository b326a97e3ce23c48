# Start a throwaway Docker engine for the sandbox's docker-backend tests (sourced by .ci/run).
#
#   . .ci/docker-engine.sh; docker_engine_start || echo "no engine"; trap docker_engine_stop EXIT
#
# No registry is reachable from CI, so the engine runs with everything under one temp dir
# (data root, exec root, pidfile, socket), without iptables or a bridge (containers use
# network "none" anyway), and the sandbox image is built from Debian packages by
# docker/build-image.sh. Safe under `set -euo pipefail`; every wait is bounded.

docker_engine_start() {
    local here root i
    here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
    if ! command -v dockerd >/dev/null 2>&1 || ! command -v debootstrap >/dev/null 2>&1; then
        echo "docker-engine: installing docker.io and debootstrap" >&2
        export DEBIAN_FRONTEND=noninteractive
        timeout 600 apt-get update -qq >&2 || return 1
        timeout 900 apt-get install -y -qq --no-install-recommends docker.io debootstrap >&2 \
            || return 1
    fi
    root="$(mktemp -d /tmp/verticals-dockerd.XXXXXX)" || return 1
    VERTICALS_DOCKERD_ROOT="$root"
    export VERTICALS_DOCKERD_ROOT
    (setsid dockerd \
        --data-root "$root/data" --exec-root "$root/exec" --pidfile "$root/dockerd.pid" \
        --host "unix://$root/docker.sock" --iptables=false --ip6tables=false --bridge=none \
        >"$root/dockerd.log" 2>&1 </dev/null &)
    export DOCKER_HOST="unix://$root/docker.sock"
    for i in $(seq 1 60); do
        if timeout 5 docker version >/dev/null 2>&1; then break; fi
        sleep 1
    done
    if ! timeout 5 docker version >/dev/null 2>&1; then
        echo "docker-engine: dockerd did not answer within 60 s; its log:" >&2
        tail -n 20 "$root/dockerd.log" >&2 || true
        docker_engine_stop
        return 1
    fi
    export VERTICALS_SANDBOX_IMAGE="${VERTICALS_SANDBOX_IMAGE:-verticals-sandbox:bookworm}"
    if ! docker image inspect "$VERTICALS_SANDBOX_IMAGE" >/dev/null 2>&1; then
        echo "docker-engine: building $VERTICALS_SANDBOX_IMAGE from Debian packages" >&2
        if ! timeout 1200 bash "$here/docker/build-image.sh" "$VERTICALS_SANDBOX_IMAGE" \
                >/dev/null; then
            echo "docker-engine: image build failed" >&2
            docker_engine_stop
            return 1
        fi
    fi
    echo "docker-engine: ready at $DOCKER_HOST with image $VERTICALS_SANDBOX_IMAGE" >&2
    return 0
}

docker_engine_stop() {
    local root pid i pids
    root="${VERTICALS_DOCKERD_ROOT:-}"
    [ -n "$root" ] && [ -d "$root" ] || return 0
    if [ -f "$root/dockerd.pid" ]; then
        pid="$(cat "$root/dockerd.pid" 2>/dev/null || true)"
        if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
            kill -TERM "$pid" 2>/dev/null || true
            for i in $(seq 1 30); do
                kill -0 "$pid" 2>/dev/null || break
                sleep 0.5
            done
            kill -KILL "$pid" 2>/dev/null || true
        fi
    fi
    # Its helpers (managed containerd, shims) are found by our temp dir in their command line.
    for i in 1 2 3; do
        pids=""
        for f in /proc/[0-9]*/cmdline; do
            case "$(tr '\0' ' ' <"$f" 2>/dev/null || true)" in
                *"$root/"*) pid="${f#/proc/}"; pids="$pids ${pid%/cmdline}" ;;
            esac
        done
        [ -n "$pids" ] || break
        # shellcheck disable=SC2086
        kill -KILL $pids 2>/dev/null || true
        sleep 0.5
    done
    # The engine may leave its own mounts (overlay, shm, netns) under the data/exec roots.
    { grep -F " $root/" /proc/mounts 2>/dev/null || true; } | awk '{print $2}' | sort -r \
        | while read -r m; do umount -l "$m" 2>/dev/null || true; done
    rm -rf --one-file-system "$root" 2>/dev/null || rm -rf "$root" 2>/dev/null || true
    unset VERTICALS_DOCKERD_ROOT DOCKER_HOST
    return 0
}
