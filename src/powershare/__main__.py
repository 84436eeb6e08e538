"""``python -m powershare``: the same as the ``powershare`` command."""

from powershare.cli import main

if __name__ == "__main__":
    main()
