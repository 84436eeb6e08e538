"""Named exceptions of powershare.

Every message names the bad value and says what is allowed.  All exceptions derive from
:class:`PowershareError`; those caused by bad input also derive from :class:`ValueError`, so
callers that only know the standard library can still catch them.
"""

from __future__ import annotations


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
