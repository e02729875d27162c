"""Malware scanning through clamd's INSTREAM command over TCP."""

from __future__ import annotations

import socket
import struct
from dataclasses import dataclass
from typing import Protocol

CHUNK = 64 * 1024


@dataclass(frozen=True)
class ScanResult:
    """``clean``, ``infected`` (with the signature) or ``error`` (the scanner did not answer)."""

    status: str
    detail: str = ""


class Scanner(Protocol):
    """Anything that can scan bytes."""

    def scan(self, data: bytes) -> ScanResult:
        """Scan the bytes; never raise for a scanner failure, report ``error``."""
        ...


class ClamdScanner:
    """clamd at ``host:port``; an unreachable or slow daemon is an ``error``, never ``clean``."""

    def __init__(self, address: str, timeout: float = 30.0):
        host, _, port = address.rpartition(":")
        self.host, self.port, self.timeout = host or "127.0.0.1", int(port), timeout

    def _send(self, data: bytes) -> bytes:
        with socket.create_connection((self.host, self.port), timeout=self.timeout) as conn:
            conn.sendall(b"zINSTREAM\0")
            for start in range(0, len(data), CHUNK):
                chunk = data[start : start + CHUNK]
                conn.sendall(struct.pack("!L", len(chunk)) + chunk)
            conn.sendall(struct.pack("!L", 0))
            reply = b""
            while not reply.endswith(b"\0"):
                part = conn.recv(4096)
                if not part:
                    break
                reply += part
        return reply.rstrip(b"\0")

    def scan(self, data: bytes) -> ScanResult:
        """Stream the bytes to clamd and read its verdict."""
        try:
            reply = self._send(data).decode("utf-8", "replace")
        except OSError as error:
            return ScanResult("error", f"clamd unreachable: {error}")
        if reply.endswith(" FOUND"):
            return ScanResult("infected", reply.removeprefix("stream: ").removesuffix(" FOUND"))
        if reply.endswith(": OK"):
            return ScanResult("clean")
        return ScanResult("error", f"clamd answered: {reply or 'nothing'}")
