"""Document intake, permit PDF rendering, signing and verification (no Flask)."""
