"""Framing between the host and the zygote: 4-byte length + JSON, fds attached (SCM_RIGHTS).

Standard library only: the zygote imports this file by path inside the isolation.
"""

from __future__ import annotations

import array
import json
import os
import socket
import struct
from collections.abc import Sequence

MAX_MSG = 256 << 20


def send_msg(sock: socket.socket, obj: object, fds: Sequence[int] = ()) -> None:
    data = json.dumps(obj).encode()
    header = struct.pack("!I", len(data))
    if fds:
        sock.sendmsg([header], [(socket.SOL_SOCKET, socket.SCM_RIGHTS, array.array("i", fds))])
    else:
        sock.sendall(header)
    sock.sendall(data)


def recv_msg(sock: socket.socket, maxfds: int = 4) -> tuple[object | None, list[int]]:
    fds: list[int] = []
    header = b""
    while len(header) < 4:
        msg, anc, _flags, _addr = sock.recvmsg(4 - len(header), socket.CMSG_SPACE(maxfds * 4))
        for level, kind, payload in anc:
            if level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS:
                arr = array.array("i")
                arr.frombytes(payload[: len(payload) - len(payload) % 4])
                fds.extend(arr)
        if not msg:
            for fd in fds:
                os.close(fd)
            return None, []
        header += msg
    (size,) = struct.unpack("!I", header)
    if size > MAX_MSG:
        raise ValueError("message too large")
    chunks, got = [], 0
    while got < size:
        chunk = sock.recv(min(size - got, 1 << 20))
        if not chunk:
            return None, fds
        chunks.append(chunk)
        got += len(chunk)
    return json.loads(b"".join(chunks)), fds
