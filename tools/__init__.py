"""Development tooling that reads the thesis seed texts (never installed, never published).

The seeds contain personal data; nothing here writes their text anywhere. What the
tests need from them is the derived, non-reversible fingerprint in
tests/data/thesis-fingerprint.json (see tools.fingerprint).
"""
