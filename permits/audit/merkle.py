"""RFC 6962 / RFC 9162 Merkle tree hashing, inclusion and consistency proofs.

Leaf hash ``SHA-256(0x00 || entry)``, node hash ``SHA-256(0x01 || left || right)``; a tree of n
leaves splits at the largest power of two below n. Proofs are built from the leaf hashes; the
verifiers need only the proof, the sizes and the roots (RFC 9162 section 2.1.3.2 and 2.1.4.2).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence

EMPTY_ROOT = hashlib.sha256(b"").digest()


def leaf_hash(entry: bytes) -> bytes:
    """The hash of one log entry."""
    return hashlib.sha256(b"\x00" + entry).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """The hash of an interior node."""
    return hashlib.sha256(b"\x01" + left + right).digest()


def _split(n: int) -> int:
    """The largest power of two smaller than n (n > 1)."""
    return 1 << ((n - 1).bit_length() - 1)


def root(leaves: Sequence[bytes]) -> bytes:
    """The Merkle tree hash of a list of leaf hashes."""
    return CompactRange.of(leaves).root()


def _subtree(leaves: Sequence[bytes], start: int, end: int) -> bytes:
    if end - start == 1:
        return leaves[start]
    k = _split(end - start)
    return node_hash(_subtree(leaves, start, start + k), _subtree(leaves, start + k, end))


def inclusion_proof(leaves: Sequence[bytes], index: int) -> list[bytes]:
    """The audit path of leaf ``index`` in the tree of ``leaves`` (RFC 6962 PATH)."""
    if not 0 <= index < len(leaves):
        raise ValueError("leaf index out of range")
    path, start, end = [], 0, len(leaves)
    while end - start > 1:
        k = _split(end - start)
        if index < start + k:
            path.append(_subtree(leaves, start + k, end))
            end = start + k
        else:
            path.append(_subtree(leaves, start, start + k))
            start += k
    return path[::-1]


def consistency_proof(leaves: Sequence[bytes], old_size: int) -> list[bytes]:
    """The proof that the first ``old_size`` leaves are a prefix of ``leaves`` (RFC 6962 PROOF)."""
    if not 0 < old_size <= len(leaves):
        raise ValueError("old size out of range")
    return _subproof(leaves, 0, len(leaves), old_size, True)


def _subproof(leaves: Sequence[bytes], start: int, end: int, m: int, whole: bool) -> list[bytes]:
    n = end - start
    if m == n:
        return [] if whole else [_subtree(leaves, start, end)]
    k = _split(n)
    if m <= k:
        return [*_subproof(leaves, start, start + k, m, whole), _subtree(leaves, start + k, end)]
    return [*_subproof(leaves, start + k, end, m - k, False), _subtree(leaves, start, start + k)]


def verify_inclusion(
    index: int, size: int, leaf: bytes, proof: Sequence[bytes], expected_root: bytes
) -> bool:
    """Whether ``proof`` shows leaf ``index`` with hash ``leaf`` in the tree of that root."""
    if not 0 <= index < size or len(leaf) != 32:
        return False
    fn, sn, current = index, size - 1, leaf
    for sibling in proof:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            current = node_hash(sibling, current)
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            current = node_hash(current, sibling)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and current == expected_root


def verify_consistency(
    old_size: int, new_size: int, old_root: bytes, new_root: bytes, proof: Sequence[bytes]
) -> bool:
    """Whether ``proof`` shows the tree of ``old_root`` is a prefix of the tree of ``new_root``."""
    if not 0 < old_size <= new_size:
        return old_size == 0 and not proof
    if old_size == new_size:
        return not proof and old_root == new_root
    nodes = list(proof)
    if old_size & (old_size - 1) == 0:  # a power of two: the old root is the first node
        nodes.insert(0, old_root)
    if not nodes:
        return False
    fn, sn = old_size - 1, new_size - 1
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    fr = sr = nodes[0]
    for node in nodes[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr, sr = node_hash(node, fr), node_hash(node, sr)
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            sr = node_hash(sr, node)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and fr == old_root and sr == new_root


class CompactRange:
    """The roots of the perfect subtrees covering leaves [0, size): enough to append leaves and
    compute the root without keeping the leaves (the log's frontier)."""

    def __init__(self, size: int = 0, nodes: Iterable[bytes] = ()):
        self.size = size
        self.nodes = list(nodes)  # left to right, largest subtree first
        if len(self.nodes) != bin(size).count("1"):
            raise ValueError("a compact range holds one node per set bit of its size")

    @classmethod
    def of(cls, leaves: Iterable[bytes]) -> CompactRange:
        """The compact range of a sequence of leaf hashes."""
        compact = cls()
        for leaf in leaves:
            compact.append(leaf)
        return compact

    def append(self, leaf: bytes) -> None:
        """Add one leaf hash, merging equal-sized subtrees as a binary counter carries."""
        node, size = leaf, self.size
        while size & 1:
            node = node_hash(self.nodes.pop(), node)
            size >>= 1
        self.nodes.append(node)
        self.size += 1

    def root(self) -> bytes:
        """The Merkle tree hash of the leaves so far."""
        if not self.nodes:
            return EMPTY_ROOT
        current = self.nodes[-1]
        for node in reversed(self.nodes[:-1]):
            current = node_hash(node, current)
        return current

    def copy(self) -> CompactRange:
        """An independent copy."""
        return CompactRange(self.size, self.nodes)


class MerkleTree:
    """A whole tree in memory, every perfect subtree's root kept: proofs in O(log n) each."""

    def __init__(self, leaves: Sequence[bytes]):
        self.levels: list[list[bytes]] = [list(leaves)]
        while len(self.levels[-1]) > 1:
            below = self.levels[-1]
            self.levels.append(
                [node_hash(below[i], below[i + 1]) for i in range(0, len(below) - 1, 2)]
            )

    @property
    def size(self) -> int:
        """How many leaves the tree holds."""
        return len(self.levels[0])

    def _subtree(self, start: int, end: int) -> bytes:
        n = end - start
        if n & (n - 1) == 0 and start % n == 0:
            return self.levels[n.bit_length() - 1][start // n]
        k = _split(n)
        return node_hash(self._subtree(start, start + k), self._subtree(start + k, end))

    def root(self, size: int | None = None) -> bytes:
        """The root of the tree of the first ``size`` leaves (all by default)."""
        size = self.size if size is None else size
        return self._subtree(0, size) if size else EMPTY_ROOT

    def inclusion_proof(self, index: int, size: int | None = None) -> list[bytes]:
        """The audit path of leaf ``index`` in the tree of the first ``size`` leaves."""
        size = self.size if size is None else size
        if not 0 <= index < size <= self.size:
            raise ValueError("leaf index or tree size out of range")
        path, start, end = [], 0, size
        while end - start > 1:
            k = _split(end - start)
            if index < start + k:
                path.append(self._subtree(start + k, end))
                end = start + k
            else:
                path.append(self._subtree(start, start + k))
                start += k
        return path[::-1]

    def consistency_proof(self, old_size: int, size: int | None = None) -> list[bytes]:
        """The proof that the tree of ``old_size`` leaves is a prefix of the tree of ``size``."""
        size = self.size if size is None else size
        if not 0 < old_size <= size <= self.size:
            raise ValueError("tree sizes out of range")
        return self._proof(0, size, old_size, True)

    def _proof(self, start: int, end: int, m: int, whole: bool) -> list[bytes]:
        n = end - start
        if m == n:
            return [] if whole else [self._subtree(start, end)]
        k = _split(n)
        if m <= k:
            return [*self._proof(start, start + k, m, whole), self._subtree(start + k, end)]
        return [*self._proof(start + k, end, m - k, False), self._subtree(start, start + k)]
