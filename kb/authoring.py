"""`kb new quote` / `kb new concept`: create pages for authors (filled in later)."""

from __future__ import annotations

import argparse


def add_commands(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    return None
