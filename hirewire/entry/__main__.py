import sys

from hirewire.entry.cli import entry_point

sys.exit(entry_point())
