"""Application commands, one module per command group."""
