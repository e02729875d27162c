"""``python -m permits`` is the ``permits`` command."""

from permits.assembly.console import main

main()
