"""A Griffe extension that lets the API reference render powershare's docstrings as written.

powershare's numpydoc docstrings follow the reST conventions that pytest's doctest runner and
numpydoc expect, which Markdown reads differently:

* doctest blocks (``>>>`` lines and their output) are bare, outside any ``Examples`` section;
  Markdown would read ``>>>`` as nested block quotes and ``[0]`` as a link.  Each block is
  wrapped in a fenced ``pycon`` code block.
* Sphinx roles (``:func:`design_weights```, ``:class:`~powershare.packages.model.Package```)
  become cross-references: the name is resolved in the scope of the documented object, and the
  reference is *optional* (mkdocs-autorefs links it where the object is rendered on the site,
  and shows plain code where it is not, e.g. a private helper module), so that a role never
  breaks ``mkdocs build --strict``.
* another name for a class (``Jefferson = DHondt``) has no docstring of its own, and
  mkdocstrings would hide it: it gets "Another name for DHondt", with the link.

The source files are not changed: only the text Griffe hands to mkdocstrings.  Loaded by
``mkdocs.yml`` (``extensions: [docs/reference/griffe_docstrings.py]``).
"""

from __future__ import annotations

import html
import re
from typing import Any

import griffe

_ROLE = re.compile(r":(?P<role>func|class|mod|meth|attr|data|exc|obj):`(?P<target>[^`]+)`")
_OBJECT_ROLES = {"func", "class", "exc", "data", "obj"}
_FENCE = re.compile(r"^\s*(```|~~~)")
_PROMPT = re.compile(r"^(?P<indent>\s*)>>>( |$)")


def fence_doctests(text: str) -> str:
    """Wrap each bare doctest block of ``text`` in a fenced ``pycon`` code block.

    A block starts at a ``>>>`` line and runs to the next blank line (or a line indented less
    than its prompt), as doctest reads it.  Blocks already inside a fence are left alone.
    """
    out: list[str] = []
    lines = text.split("\n")
    in_fence = False
    i = 0
    while i < len(lines):
        line = lines[i]
        if _FENCE.match(line):
            in_fence = not in_fence
        prompt = None if in_fence else _PROMPT.match(line)
        if prompt is None:
            out.append(line)
            i += 1
            continue
        indent = prompt["indent"]
        out.append(f"{indent}```pycon")
        while i < len(lines) and lines[i].strip() and lines[i].startswith(indent):
            out.append(lines[i])
            i += 1
        out.append(f"{indent}```")
    return "\n".join(out)


def _resolve(obj: griffe.Object, target: str) -> str:
    """The full path ``target`` names in the scope of ``obj``, or ``target`` itself."""
    if target.startswith("powershare"):
        return target
    head, _, rest = target.lstrip(".").partition(".")
    scopes: list[griffe.Object] = [obj]
    if isinstance(obj.parent, griffe.Object):
        scopes.append(obj.parent)
    for scope in scopes:
        if head in scope.members:
            path = f"{scope.path}.{head}"
            return f"{path}.{rest}" if rest else path
        try:
            path = scope.resolve(head)
        except (griffe.NameResolutionError, griffe.AliasResolutionError, AttributeError):
            continue
        return f"{path}.{rest}" if rest else path
    return target


def _shadowed(obj: griffe.Object, role: str, path: str) -> str:
    """``path.name`` where ``path`` is a module and the role names its function or class ``name``.

    ``powershare.structure.decisiveness`` is both a module and, once the package is imported,
    the function of that name that the package re-exports; ``:func:`` means the function.
    """
    if role not in _OBJECT_ROLES or not path.startswith(f"{obj.package.path}."):
        return path
    name = path.rsplit(".", 1)[-1]
    try:
        found = obj.package[path.removeprefix(f"{obj.package.path}.")]
        shadowed = found.is_module and name in found.members
    except (KeyError, griffe.AliasResolutionError, griffe.CyclicAliasError):
        return path
    return f"{path}.{name}" if shadowed else path


def roles_to_refs(text: str, obj: griffe.Object) -> str:
    """Turn the Sphinx roles of ``text`` (outside code fences) into optional cross-references."""

    def replace(match: re.Match[str]) -> str:
        target = match["target"].strip()
        short = target.startswith("~")
        target = target.lstrip("~")
        title = target.rsplit(".", 1)[-1] if short else target.lstrip(".")
        path = _shadowed(obj, match["role"], _resolve(obj, target))
        identifier = html.escape(path, quote=True)
        return (
            f'<autoref identifier="{identifier}" optional>'
            f"<code>{html.escape(title)}</code></autoref>"
        )

    out: list[str] = []
    in_fence = False
    for line in text.split("\n"):
        if _FENCE.match(line):
            in_fence = not in_fence
        out.append(line if in_fence else _ROLE.sub(replace, line))
    return "\n".join(out)


def name_alias_docstring(obj: griffe.Object) -> str | None:
    """A docstring for ``Jefferson = DHondt``: a module attribute that is another name for a
    class or function of its module and has no docstring of its own (else ``None``).

    Without one, mkdocstrings hides the name, though the module exports it.
    """
    value = getattr(obj, "value", None)
    if not (obj.is_attribute and obj.docstring is None and isinstance(value, griffe.ExprName)):
        return None
    parent = obj.parent
    target = parent.members.get(value.name) if isinstance(parent, griffe.Object) else None
    if target is None or target.is_alias or not (target.is_class or target.is_function):
        return None
    return f"Another name for :{'class' if target.is_class else 'func'}:`{value.name}`."


class MarkdownDocstrings(griffe.Extension):
    """Fence doctest blocks and turn Sphinx roles into cross-references in every docstring."""

    def on_package(self, *, pkg: griffe.Module, **kwargs: Any) -> None:
        """Rewrite every docstring of the loaded package ``pkg`` before any is parsed."""
        todo: list[griffe.Object] = [pkg]
        while todo:
            obj = todo.pop()
            if (alias_text := name_alias_docstring(obj)) is not None:
                obj.docstring = griffe.Docstring(alias_text, parent=obj)
            if obj.docstring is not None:
                obj.docstring.value = roles_to_refs(fence_doctests(obj.docstring.value), obj)
            todo.extend(m for m in obj.members.values() if isinstance(m, griffe.Object))
