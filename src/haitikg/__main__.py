"""``python -m haitikg`` is the ``haitikg`` command."""

from .cli import main

main()
