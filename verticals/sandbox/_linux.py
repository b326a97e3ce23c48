"""Thin ctypes wrappers for the Linux calls the sandbox needs and Python 3.11 lacks.

Standard library only: the zygote imports this file by path inside the isolation, before
(and without) the rest of verticals. Every wrapper raises OSError with errno on failure.
"""

from __future__ import annotations

import ctypes
import fcntl
import os
import platform
import socket
import struct
from typing import Any

_libc = ctypes.CDLL(None, use_errno=True)


def resolve_symbols() -> None:
    """Look up every libc function used here now: ctypes caches each on first use, so a
    process that forks (the zygote) saves every child the lookups."""
    for name in ("capset", "mount", "prctl", "syscall", "unshare"):
        getattr(_libc, name)

CLONE_NEWNS = 0x00020000
CLONE_NEWIPC = 0x08000000
CLONE_NEWPID = 0x20000000
CLONE_NEWNET = 0x40000000
CLONE_NEWUTS = 0x04000000
_CLONE_NS_FLAGS = 0x7E020080  # NEWNS|NEWCGROUP|NEWUTS|NEWIPC|NEWUSER|NEWPID|NEWNET|NEWTIME

MS_RDONLY = 1
MS_NOSUID = 2
MS_NODEV = 4
MS_NOEXEC = 8
MS_REMOUNT = 32
MS_BIND = 4096
MS_MOVE = 8192
MS_REC = 0x4000
MS_PRIVATE = 1 << 18

PR_SET_PDEATHSIG = 1
PR_SET_DUMPABLE = 4
PR_SET_SECCOMP = 22
PR_SET_CHILD_SUBREAPER = 36
PR_SET_NO_NEW_PRIVS = 38


def _check(ret: int, what: str) -> int:
    if ret < 0:
        err = ctypes.get_errno()
        raise OSError(err, f"{what}: {os.strerror(err)}")
    return ret


def unshare(flags: int) -> None:
    _check(_libc.unshare(ctypes.c_int(flags)), "unshare")


def mount(source: str | None, target: str, fstype: str | None, flags: int, data: str = "") -> None:
    enc = os.fsencode
    _check(
        _libc.mount(
            enc(source) if source else None,
            enc(target),
            enc(fstype) if fstype else None,
            ctypes.c_ulong(flags),
            enc(data) if data else None,
        ),
        f"mount {target}",
    )


def prctl(option: int, arg2: int = 0) -> None:
    _check(
        _libc.prctl(ctypes.c_int(option), ctypes.c_ulong(arg2), ctypes.c_ulong(0),
                    ctypes.c_ulong(0), ctypes.c_ulong(0)),
        "prctl",
    )


def loopback_up() -> None:
    """Bring up `lo` in a fresh network namespace, so a run can still talk to itself."""
    siocgifflags, siocsifflags, iff_up = 0x8913, 0x8914, 0x1
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        ifreq = struct.pack("16sh14x", b"lo", 0)
        flags = struct.unpack("16sh14x", fcntl.ioctl(sock, siocgifflags, ifreq))[1]
        fcntl.ioctl(sock, siocsifflags, struct.pack("16sh14x", b"lo", flags | iff_up))


def drop_capabilities(bounding_only: bool = False) -> None:
    """Empty the bounding set (so no exec can regain a capability), then, unless
    `bounding_only`, every capability set of this thread.

    The full drop is for a run that cannot change uid (a user namespace maps one uid only)
    and would otherwise keep root's capabilities inside its namespaces. Before a real
    setuid, drop the bounding set only: setuid needs CAP_SETUID and then clears the rest.
    """
    pr_capbset_drop = 24
    for cap in range(64):
        if _libc.prctl(ctypes.c_int(pr_capbset_drop), ctypes.c_ulong(cap), ctypes.c_ulong(0),
                       ctypes.c_ulong(0), ctypes.c_ulong(0)) < 0:
            if ctypes.get_errno() == 22:  # EINVAL: past the last capability this kernel has
                break
            _check(-1, "capbset_drop")
    if bounding_only:
        return
    header = (ctypes.c_uint32 * 2)(0x20080522, 0)  # _LINUX_CAPABILITY_VERSION_3, this thread
    data = (ctypes.c_uint32 * 6)()  # effective, permitted, inheritable (x2): all empty
    _check(_libc.capset(ctypes.byref(header), ctypes.byref(data)), "capset")


def make_tree_readonly(path: str = "/") -> None:
    """Make every mount under `path` read-only in this mount namespace (mount_setattr, 5.12+).

    Used when bubblewrap is absent: one syscall replaces a bind-remount of each submount.
    """

    class MountAttr(ctypes.Structure):
        _fields_ = [("attr_set", ctypes.c_uint64), ("attr_clr", ctypes.c_uint64),
                    ("propagation", ctypes.c_uint64), ("userns_fd", ctypes.c_uint64)]

    attr = MountAttr(1, 0, 0, 0)  # MOUNT_ATTR_RDONLY
    sys_mount_setattr, at_fdcwd, at_recursive = 442, -100, 0x8000
    _check(
        _libc.syscall(ctypes.c_long(sys_mount_setattr), ctypes.c_int(at_fdcwd),
                      os.fsencode(path), ctypes.c_uint(at_recursive), ctypes.byref(attr),
                      ctypes.c_size_t(ctypes.sizeof(attr))),
        "mount_setattr",
    )


# --- seccomp ---------------------------------------------------------------------------------
# A deny-list: the calls a graded program never needs and that widen the attack surface
# (kernel keyrings, bpf, mounts, namespaces, ptrace, io_uring, modules...). They fail with
# EPERM; clone3 fails with ENOSYS so libc falls back to clone, whose flags we can inspect.

_DENY: dict[str, dict[str, Any]] = {
    "x86_64": dict(
        arch=0xC000003E, clone=56, clone3=435,
        deny=[101, 310, 311, 165, 166, 155, 161, 272, 308, 250, 248, 249, 321, 298, 246, 320,
              175, 313, 176, 169, 167, 168, 163, 323, 425, 426, 427, 304, 303, 103, 164, 227,
              159, 305, 179, 300, 428, 429, 430, 431, 432, 433, 442, 438, 212, 153, 172, 173,
              170, 171, 134, 312],
    ),
    "aarch64": dict(
        arch=0xC00000B7, clone=220, clone3=435,
        deny=[117, 270, 271, 40, 39, 41, 51, 97, 268, 219, 217, 218, 280, 241, 104, 294, 105,
              273, 106, 142, 224, 225, 89, 282, 425, 426, 427, 265, 264, 116, 170, 112, 171,
              266, 60, 262, 428, 429, 430, 431, 432, 433, 442, 438, 18, 58, 161, 162, 272],
    ),
}

_RET_ALLOW = 0x7FFF0000
_RET_KILL_PROCESS = 0x80000000
_RET_ERRNO = 0x00050000
_EPERM, _ENOSYS = 1, 38
# BPF opcodes
_LD_W_ABS = 0x20
_JEQ_K = 0x15
_JSET_K = 0x45
_RET_K = 0x06


def seccomp_supported() -> bool:
    return platform.machine() in _DENY


def _filter_program() -> bytes:
    spec = _DENY[platform.machine()]
    ins: list[tuple[int, int, int, int]] = []

    def add(code: int, jt: int, jf: int, k: int) -> None:
        ins.append((code, jt, jf, k))

    add(_LD_W_ABS, 0, 0, 4)  # seccomp_data.arch
    add(_JEQ_K, 1, 0, spec["arch"])
    add(_RET_K, 0, 0, _RET_KILL_PROCESS)
    add(_LD_W_ABS, 0, 0, 0)  # seccomp_data.nr
    if platform.machine() == "x86_64":
        add(_JSET_K, 0, 1, 0x40000000)  # x32 ABI: never needed
        add(_RET_K, 0, 0, _RET_ERRNO | _EPERM)
    for nr in spec["deny"]:
        add(_JEQ_K, 0, 1, nr)
        add(_RET_K, 0, 0, _RET_ERRNO | _EPERM)
    add(_JEQ_K, 0, 1, spec["clone3"])
    add(_RET_K, 0, 0, _RET_ERRNO | _ENOSYS)
    add(_JEQ_K, 0, 4, spec["clone"])
    add(_LD_W_ABS, 0, 0, 16)  # low half of args[0] (clone flags) on little-endian
    add(_JSET_K, 0, 1, _CLONE_NS_FLAGS)
    add(_RET_K, 0, 0, _RET_ERRNO | _EPERM)
    add(_RET_K, 0, 0, _RET_ALLOW)
    add(_RET_K, 0, 0, _RET_ALLOW)
    return b"".join(struct.pack("HBBI", *i) for i in ins)


class _SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_char_p)]


_PROGRAM: bytes | None = None
_FPROG: _SockFprog | None = None


def prepare_seccomp() -> None:
    """Build the filter ahead of time, so installing it in a fresh child is two prctl calls."""
    global _PROGRAM, _FPROG
    if _FPROG is None:
        _PROGRAM = _filter_program()
        _FPROG = _SockFprog(len(_PROGRAM) // 8, _PROGRAM)


def install_seccomp() -> None:
    """Install the deny-list filter on this thread and its future children (irreversible)."""
    prepare_seccomp()
    assert _FPROG is not None
    prctl(PR_SET_NO_NEW_PRIVS, 1)
    _check(
        _libc.prctl(ctypes.c_int(PR_SET_SECCOMP), ctypes.c_ulong(2), ctypes.byref(_FPROG),
                    ctypes.c_ulong(0), ctypes.c_ulong(0)),
        "seccomp",
    )
