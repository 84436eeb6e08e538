"""numpy, imported on its first use: the one way the counting layers import numpy.

numpy takes 70-120 ms to import (its OpenBLAS, its docstrings, its typing stubs), more than
everything else ``powershare power eec-1958`` does, and a body of a dozen members is counted
in pure Python faster than numpy loads (:mod:`powershare.power.kernels.small`).  So the modules
on that path bind ``np`` to :data:`np` below, which imports numpy when an attribute is first
read and then *is* numpy's namespace: the kernels that use it pay one dictionary lookup per
attribute, as with ``import numpy as np``.  For type checkers ``np`` is numpy itself.

Modules that run only on large games (the compiled kernels, uncertainty, design) import numpy
as usual: :mod:`numba` must see the real module in the globals of a compiled function.

Examples
--------
>>> from powershare.games.lazy_numpy import np
>>> int(np.int64(7) * 6)
42
>>> loaded_numpy() is not None
True
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING, Any

__all__ = ["loaded_numpy", "np"]


class OnFirstUse(types.ModuleType):
    """A stand-in for a module that imports it when one of its attributes is first read, then
    holds the module's names itself (so later reads are plain attribute reads).

    Examples
    --------
    >>> json_ = OnFirstUse("json")
    >>> json_.dumps([1])
    '[1]'
    >>> json_.no_such_name
    Traceback (most recent call last):
    ...
    AttributeError: module 'json' has no attribute 'no_such_name'
    >>> json_.__name__, json_.__file__ == __import__("json").__file__
    ('json', True)
    """

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):  # copy, pickle and doctest probe dunders: they never import
            loaded = sys.modules.get(self.__name__)
            if loaded is None:
                raise AttributeError(f"module {self.__name__!r} is not imported yet ({name})")
            return getattr(loaded, name)  # e.g. __version__ once it is
        module = importlib.import_module(self.__name__)
        self.__dict__.update((k, v) for k, v in vars(module).items() if not k.startswith("__"))
        return getattr(module, name)


def loaded_numpy() -> types.ModuleType | None:
    """numpy when some code has imported it, else ``None``: a value can only be a numpy
    number or array when numpy is loaded, so type tests need not import it."""
    return sys.modules.get("numpy")


if TYPE_CHECKING:
    import numpy as np
else:
    np = OnFirstUse("numpy")
