"""The sandbox: the real bot against the local Discord emulator, with a demo guild."""
