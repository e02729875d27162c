"""Document intake (type sniffing, active-content checks, malware scanning), content-addressed
storage, and later permit PDF rendering, signing and verification. No Flask here."""
