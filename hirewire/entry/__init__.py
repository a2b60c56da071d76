"""Data entry: flag commands, interactive manager, CSV import (`python -m hirewire.entry`)."""
