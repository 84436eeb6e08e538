"""Rich consoles and text that print the user's data verbatim.

Rich reads console markup (``[red]``, ``[/]``) and emoji codes (``:smile:``) in every ``str`` it
prints, but member, party, area and scenario names are data: ``A[red]x`` must not print a red
``Ax``.  So every console of the CLI comes from :func:`new_console` (emoji codes off: our own text
has none), and data reaches rich as :func:`verbatim` text (table cells, headers, titles), in a
message printed with ``markup=False``, or through :func:`print_styled` (a bold label or title
beside data).  ``rich.markup.escape`` is not enough: it leaves ``\\[`` to be read as an escaped
bracket and doubles a trailing backslash.

Importing this module imports rich, so the modules that also serve ``--json`` and ``--csv``
without rich (``render``, ``power_cmd``, ``solutions_cmd``) import it inside the functions that
print.
"""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.style import StyleType
from rich.text import Text

__all__ = ["new_console", "print_styled", "verbatim"]


def new_console(**options: Any) -> Console:
    """A rich console for the CLI (options as for :class:`rich.console.Console`), with emoji
    codes off, so that ``:smile:`` in a name prints as typed.

    >>> out = new_console(width=40, file=__import__("io").StringIO())
    >>> out.print(":smile:", markup=False); out.file.getvalue()
    ':smile:\\n'
    """
    return Console(emoji=False, **options)


def verbatim(value: object, style: StyleType = "") -> Text:
    """``value`` as rich text printed exactly as written (no markup, no emoji codes), in
    ``style``: a table cell or header holding a name, or the data in a styled line.

    >>> verbatim("A[red]x").plain, verbatim(":smile:\\\\").plain
    ('A[red]x', ':smile:\\\\')
    """
    return Text(str(value), style=style)


def print_styled(
    console: Console,
    styled: str,
    rest: str = "",
    *,
    style: StyleType = "bold",
    before: str = "",
    highlight: bool | None = None,
) -> None:
    """Print ``before``, ``styled`` in ``style`` and ``rest`` on one line, all verbatim, and
    highlighted (unless ``highlight=False``) as
    ``console.print(f"{before}[bold]{styled}[/bold]{rest}")`` would print text without markup.

    >>> out = new_console(width=40, file=__import__("io").StringIO())
    >>> print_styled(out, "Veto players", ": [bold]B, :smile:"); out.file.getvalue()
    'Veto players: [bold]B, :smile:\\n'
    """
    line = console.render_str(
        before + styled + rest, markup=False, emoji=False, highlight=highlight
    )
    line.stylize(style, len(before), len(before) + len(styled))  # after the highlights, as markup
    console.print(line)
