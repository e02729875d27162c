"""RFC 6962 Merkle tree: the published test vectors and properties over random trees."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from permits.audit.merkle import (
    EMPTY_ROOT,
    CompactRange,
    MerkleTree,
    consistency_proof,
    inclusion_proof,
    leaf_hash,
    root,
    verify_consistency,
    verify_inclusion,
)

# The eight-leaf test set of the RFC 6962 implementations (certificate-transparency, trillian)
INPUTS = [
    bytes.fromhex(h)
    for h in ("", "00", "10", "2021", "3031", "40414243", "5051525354555657",
              "606162636465666768696a6b6c6d6e6f")
]  # fmt: skip
LEAVES = [leaf_hash(i) for i in INPUTS]
ROOTS = [bytes.fromhex(h) for h in (
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
)]  # fmt: skip


def hexes(*values: str) -> list[bytes]:
    return [bytes.fromhex(v) for v in values]


# (leaf index, tree size, audit path)
INCLUSION = [
    (0, 1, []),
    (0, 8, hexes("96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                 "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                 "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4")),
    (5, 8, hexes("bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                 "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                 "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")),
    (2, 3, hexes("fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125")),
    (1, 5, hexes("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
                 "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                 "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b")),
]  # fmt: skip
# (old size, new size, proof)
CONSISTENCY = [
    (1, 1, []),
    (1, 8, hexes("96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                 "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                 "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4")),
    (6, 8, hexes("0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                 "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                 "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")),
    (2, 5, hexes("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                 "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b")),
    (6, 7, hexes("0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                 "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
                 "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")),
]  # fmt: skip


def test_the_rfc_6962_vectors_give_every_root_up_to_size_eight():
    assert root([]) == EMPTY_ROOT
    for size, expected in enumerate(ROOTS, start=1):
        assert root(LEAVES[:size]) == expected
        assert MerkleTree(LEAVES).root(size) == expected
        assert CompactRange.of(LEAVES[:size]).root() == expected
    assert ROOTS[7].hex() == "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"


@pytest.mark.parametrize(("index", "size", "path"), INCLUSION)
def test_the_rfc_6962_inclusion_proofs_are_built_and_verified(index, size, path):
    assert inclusion_proof(LEAVES[:size], index) == path
    assert MerkleTree(LEAVES).inclusion_proof(index, size) == path
    assert verify_inclusion(index, size, LEAVES[index], path, ROOTS[size - 1])


@pytest.mark.parametrize(("index", "size", "path"), [c for c in INCLUSION if c[2]])
def test_a_corrupted_inclusion_proof_fails(index, size, path):
    good_root, leaf = ROOTS[size - 1], LEAVES[index]
    assert not verify_inclusion(index + 1, size, leaf, path, good_root)
    assert not verify_inclusion(index, size * 2, leaf, path, good_root)
    assert not verify_inclusion(index, size, leaf_hash(b"wrong"), path, good_root)
    assert not verify_inclusion(index, size, leaf, path, EMPTY_ROOT)
    assert not verify_inclusion(index, size, leaf, [*path, good_root], good_root)
    assert not verify_inclusion(index, size, leaf, path[:-1], good_root)
    flipped = [bytes([path[0][0] ^ 8]) + path[0][1:], *path[1:]]
    assert not verify_inclusion(index, size, leaf, flipped, good_root)


@pytest.mark.parametrize(("old", "new", "proof"), CONSISTENCY)
def test_the_rfc_6962_consistency_proofs_are_built_and_verified(old, new, proof):
    assert consistency_proof(LEAVES[:new], old) == proof
    assert MerkleTree(LEAVES).consistency_proof(old, new) == proof
    assert verify_consistency(old, new, ROOTS[old - 1], ROOTS[new - 1], proof)


@pytest.mark.parametrize(("old", "new", "proof"), [c for c in CONSISTENCY if c[2]])
def test_a_corrupted_consistency_proof_fails(old, new, proof):
    r1, r2 = ROOTS[old - 1], ROOTS[new - 1]
    assert not verify_consistency(old, new, r2, r1, proof)
    assert not verify_consistency(old - 1 or 2, new, r1, r2, proof)
    assert not verify_consistency(old, new, r1, r2, [])
    assert not verify_consistency(old, new, r1, r2, proof[:-1])
    assert not verify_consistency(old, new, r1, r2, [*proof, r1])
    flipped = [bytes([proof[0][0] ^ 16]) + proof[0][1:], *proof[1:]]
    assert not verify_consistency(old, new, r1, r2, flipped)


@given(st.integers(min_value=1, max_value=70), st.data())
def test_every_proof_of_a_random_tree_verifies_and_compact_ranges_agree(size, data):
    leaves = [leaf_hash(i.to_bytes(4, "big")) for i in range(size)]
    tree = MerkleTree(leaves)
    index = data.draw(st.integers(min_value=0, max_value=size - 1))
    old = data.draw(st.integers(min_value=1, max_value=size))
    assert tree.root() == root(leaves) == CompactRange.of(leaves).root()
    assert verify_inclusion(index, size, leaves[index], tree.inclusion_proof(index), tree.root())
    assert verify_consistency(old, size, tree.root(old), tree.root(),
                              tree.consistency_proof(old))  # fmt: skip
    resumed = CompactRange.of(leaves[:old]).copy()
    for leaf in leaves[old:]:
        resumed.append(leaf)
    assert resumed.root() == tree.root()


def test_a_compact_range_refuses_the_wrong_number_of_nodes():
    with pytest.raises(ValueError, match="one node per set bit"):
        CompactRange(3, [ROOTS[0]])
