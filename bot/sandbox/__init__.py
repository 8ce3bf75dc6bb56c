"""The sandbox: the real bot against the local Discord emulator, with a demo guild."""

from __future__ import annotations

from importlib import resources


def shipped_scripts() -> list[str]:
    """The names of the scripts that ship with the sandbox, as ``--script`` takes them."""
    found = resources.files(__name__).iterdir()
    return sorted(
        entry.name.removesuffix(".script") for entry in found if entry.name.endswith(".script")
    )
