"""The verifiable audit log: the hash chain of events, its Merkle tree, signed checkpoints,
offline exports, the history each role may read, and the auditors' service functions."""
