"""``python -m permits`` is the ``permits`` command."""

from permits.cli import main

main()
