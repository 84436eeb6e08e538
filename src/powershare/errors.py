"""Named exceptions of powershare.

Every message names the bad value and says what is allowed.  All exceptions derive from
:class:`PowershareError`; those caused by bad input also derive from :class:`ValueError`, so
callers that only know the standard library can still catch them.
"""

from __future__ import annotations

import importlib
from types import ModuleType


class PowershareError(Exception):
    """Base class of every error raised by powershare."""


class InvalidInputError(PowershareError, ValueError):
    """A value given by the user is not allowed (bad weight, quota, name, file...)."""


class InvalidGameError(InvalidInputError):
    """A game cannot be built from the given members, weights and rule."""


class InvalidQuotaError(InvalidGameError):
    """A quota is malformed or outside the range a game allows."""


class ParseError(InvalidInputError):
    """Text (notation, CSV, scenario file) could not be read; the message says where."""


class UnknownNameError(InvalidInputError):
    """An index, method or dataset name is not known; the message lists the known ones."""


class MethodNotApplicableError(PowershareError, ValueError):
    """The requested counting method cannot compute this index for this game."""


class RegistryError(PowershareError, ValueError):
    """A counting method or index breaks the registry's contract: a name registered twice, or
    a method that returns counts of another quantity than the one asked."""


class ResourceLimitError(PowershareError):
    """The work would exceed the time or memory limit; the message gives the estimate.

    Parameters
    ----------
    message
        Human readable explanation including the estimate and what to do instead.
    seconds, bytes_
        The estimated time and memory of the cheapest applicable exact method.

    Examples
    --------
    The estimate survives pickling (errors come back from worker processes):

    >>> import pickle
    >>> err = pickle.loads(pickle.dumps(ResourceLimitError("too big", seconds=9.5, bytes_=10)))
    >>> str(err), err.seconds, err.bytes
    ('too big', 9.5, 10)
    """

    def __init__(self, message: str, *, seconds: float = 0.0, bytes_: int = 0) -> None:
        super().__init__(message)
        self.seconds = seconds
        self.bytes = bytes_

    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuild_limit_error, (str(self), self.seconds, self.bytes))


def _rebuild_limit_error(message: str, seconds: float, bytes_: int) -> ResourceLimitError:
    return ResourceLimitError(message, seconds=seconds, bytes_=bytes_)


class MissingExtraError(PowershareError, ImportError):
    """An optional part of powershare is used but its packages are not installed.

    The message names the missing package and the ``pip install`` line that adds it; raise it
    through :func:`import_optional`.
    """


EXTRAS: dict[str, str] = {
    "matplotlib": "plots",
    "fastapi": "web",
    "uvicorn": "web",
    "multipart": "web",
    "platformdirs": "web",
    "distributed": "distributed",
    "dask": "distributed",
    "pandas": "pandas",
    "openpyxl": "excel",
}
"""Optional top-level package -> the extra of powershare that installs it."""


def import_optional(module: str, purpose: str) -> ModuleType:
    """Import an optional dependency, or say in one line how to install it.

    Parameters
    ----------
    module
        Dotted module name, e.g. ``"matplotlib.figure"``; its top-level package must be a key of
        :data:`EXTRAS`.
    purpose
        What needs it, for the message (``"plots"``, ``"the web app"``).

    Raises
    ------
    MissingExtraError
        The package is not installed; the message gives ``pip install 'powershare[extra]'``.

    Examples
    --------
    >>> import_optional("json", "tests")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: 'json' is not an optional dependency of powershare; known: dask, ...
    >>> import_optional("matplotlib.colors", "plots").__name__
    'matplotlib.colors'
    """
    top = module.split(".", 1)[0]
    extra = EXTRAS.get(top)
    if extra is None:
        known = ", ".join(sorted(EXTRAS))
        raise ValueError(f"{module!r} is not an optional dependency of powershare; known: {known}")
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        missing = exc.name or top
        raise MissingExtraError(
            f"{purpose} needs the optional package {missing!r}, which is not installed: "
            f"pip install 'powershare[{extra}]' (or 'powershare[all]')"
        ) from None
