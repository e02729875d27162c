"""Signed checkpoints: the signature covers size, root and time; files are checked."""

from __future__ import annotations

import dataclasses
import json

import pytest

from permits.audit.checkpoints import (
    CheckpointFormatError,
    checkpoint_from_json,
    create_log_key,
    load_log_signer,
    load_public_key,
    signature_valid,
)
from permits.audit.permit_witness import read_checkpoint_file

ROOT = "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"


@pytest.fixture(scope="module")
def keys(tmp_path_factory):
    folder = tmp_path_factory.mktemp("log")
    signer = create_log_key(folder, b"log passphrase")
    return folder, signer


def test_a_checkpoint_verifies_under_its_key_and_round_trips_as_json(keys, tmp_path):
    folder, signer = keys
    checkpoint = signer.sign(8, ROOT, "2026-11-29T10:00:00.000000Z")
    key = load_public_key(folder / "log_key.pub")
    assert signature_valid(checkpoint, key)
    path = tmp_path / "c.json"
    path.write_text(json.dumps(checkpoint.to_json()))
    assert read_checkpoint_file(path) == checkpoint
    assert load_log_signer(folder, b"log passphrase").key_id == signer.key_id


def test_any_change_to_a_signed_checkpoint_breaks_its_signature(keys):
    folder, signer = keys
    checkpoint = signer.sign(8, ROOT, "2026-11-29T10:00:00.000000Z")
    key = load_public_key(folder / "log_key.pub")
    for change in ({"tree_size": 9}, {"root_hash": "0" * 64}, {"issued_at": "2026-11-30"},
                   {"signature": "AAAA"}, {"signature": "not base64!"}):  # fmt: skip
        assert not signature_valid(dataclasses.replace(checkpoint, **change), key)


def test_a_checkpoint_of_another_key_is_refused(keys, tmp_path):
    other = create_log_key(tmp_path, b"other passphrase")
    checkpoint = other.sign(8, ROOT, "2026-11-29T10:00:00.000000Z")
    assert not signature_valid(checkpoint, load_public_key(keys[0] / "log_key.pub"))
    with pytest.raises(ValueError, match=r"(?i)bad decrypt|password"):
        load_log_signer(keys[0], b"wrong passphrase")


@pytest.mark.parametrize(("data", "message"), [
    ([], "not a checkpoint"),
    ({"log": "permits audit log"}, "has no tree_size"),
    ({"log": "permits audit log", "tree_size": "8", "root_hash": ROOT, "issued_at": "t",
      "key_id": "k", "signature": "s"}, "whole number"),
    ({"log": "permits audit log", "tree_size": 8, "root_hash": ROOT.upper(), "issued_at": "t",
      "key_id": "k", "signature": "s"}, "64 lower-case hex"),
    ({"log": "permits audit log", "tree_size": 8, "root_hash": ROOT, "issued_at": 5,
      "key_id": "k", "signature": "s"}, "must be text"),
])  # fmt: skip
def test_malformed_checkpoints_are_named(data, message):
    with pytest.raises(CheckpointFormatError, match=message):
        checkpoint_from_json(data)
