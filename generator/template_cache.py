"""Compiled templates kept between builds, so that a rebuild's processes do not compile the theme
again (about 0.2 s in each).

Jinja's own FileSystemBytecodeCache trusts whatever unmarshals, and its files do not say which
Jinja or which environment settings compiled them. Here each template's file holds a stamp (the
libraries' versions and digest's code, which sets the environment) and a digest of the compiled
code: a file of another stamp or whose bytes are not what was written is compiled again.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import jinja2

from .files import write_atomic

DIGEST_SIZE = 16


def _digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=DIGEST_SIZE).digest()


class TemplateCache(jinja2.BytecodeCache):
    def __init__(self, folder: Path, stamp: str) -> None:
        self.folder = folder
        self.stamp = (stamp + "\n").encode("utf-8", "surrogatepass")

    def _file(self, bucket: jinja2.bccache.Bucket) -> Path:
        return self.folder / f"{bucket.key}.bin"

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            data = self._file(bucket).read_bytes()
        except OSError:
            return
        digest, rest = data[:DIGEST_SIZE], data[DIGEST_SIZE:]
        if _digest(rest) != digest or not rest.startswith(self.stamp):
            return
        bucket.bytecode_from_string(rest[len(self.stamp):])  # checks Jinja's magic and the source's checksum

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        rest = self.stamp + bucket.bytecode_to_string()
        try:
            write_atomic(self._file(bucket), _digest(rest) + rest)
        except OSError:  # a cache: the build goes on without it
            pass
