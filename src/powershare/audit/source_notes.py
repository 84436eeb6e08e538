"""Source notes for readers: what the data are and where they come from, apart from the notes
of how the files were built and checked.

The ``.source.md`` files shipped with the data mix two kinds of text: the sources (editions,
dates, publishers, caveats), which a report's **Sources** section quotes, and working notes of
how the file was built and checked (build scripts, checksums, pages read, checks done during
research), which belong with the method. :func:`split_notes` separates them: whole sections
under headings such as "How the source was copied and checked" or "Processing applied", and
single sentences that name a build script, a checksum or a check done in research.

>>> public, internal = split_notes(
...     "# f.csv: sources\\n\\n34 rows. Built by `build.py`; checks: 34 rows.\\n\\n"
...     "- From the IPU. Consistency check (done in research, not shipped).\\n")
>>> print(public)
# f.csv: sources
<BLANKLINE>
34 rows.
<BLANKLINE>
- From the IPU.
>>> internal
['Built by `build.py`; checks: 34 rows.', 'Consistency check (done in research, not shipped).']
"""

from __future__ import annotations

import re

__all__ = ["INTERNAL_HEADINGS", "INTERNAL_SENTENCES", "split_notes"]

INTERNAL_HEADINGS = re.compile(r"copied and checked|^processing|how the file was built", re.I)
"""Headings whose whole section is a working note."""

INTERNAL_SENTENCES = re.compile(
    r"build\.py|\bbuilt by\b|not shipped|done in research|not reach(ed|able)|sha-256|"
    r"(?<![-\w])checks?:|read in \d+ pages|pages were joined|check plot|processing used",
    re.I,
)
"""Sentences that are working notes (build scripts, checksums, research checks)."""

_SENTENCE = re.compile(r"(?<=\.)\s+(?=[A-Z(])")


def _blocks(text: str) -> list[list[str]]:
    """Headings, list items (with their continuation lines), table rows and paragraphs."""
    blocks: list[list[str]] = []
    for line in text.splitlines():
        starts = line.startswith(("#", "- ", "* ", "|")) or re.match(r"\d+\. ", line)
        if not line.strip():
            blocks.append([])
        elif starts or not blocks or not blocks[-1] or blocks[-1][0].startswith("#"):
            blocks.append([line])
        else:
            blocks[-1].append(line)
    return blocks


def split_notes(text: str) -> tuple[str, list[str]]:
    """``text`` without its working notes, and the working notes (one string each)."""
    public: list[str] = []
    internal: list[str] = []
    skip_level: int | None = None
    for block in _blocks(text):
        if not block:
            if public and public[-1] != "":
                public.append("")
            continue
        first = block[0]
        if first.startswith("#"):
            level = len(first) - len(first.lstrip("#"))
            if skip_level is not None and level <= skip_level:
                skip_level = None
            if skip_level is None and INTERNAL_HEADINGS.search(first.lstrip("# ")):
                skip_level = level
                internal.append(first.lstrip("# ").strip() + ":")
                continue
        if skip_level is not None:
            internal.append(" ".join(line.strip() for line in block))
            continue
        if first.startswith(("#", "|")):
            public += block
            continue
        marker = re.match(r"(- |\* |\d+\. )", first)
        prefix = marker.group(1) if marker else ""
        joined = " ".join(line.strip() for line in block)[len(prefix) :]
        sentences = _SENTENCE.split(joined)
        kept = [s for s in sentences if not INTERNAL_SENTENCES.search(s)]
        internal += [s for s in sentences if INTERNAL_SENTENCES.search(s)]
        if len(kept) == len(sentences):
            public += block
        elif kept:
            public.append(prefix + " ".join(kept))
    while public and public[-1] == "":
        public.pop()
    return "\n".join(public), internal
