"""The audit log as a verifiable log: an RFC 6962 Merkle tree over the events, signed
checkpoints, proofs and offline verification. No Flask here; ``merkle`` and ``checkpoints``
need no database either."""
