"""Exact counting kernels for weighted voting games.

* :mod:`~powershare.power.kernels.swings`: raw Banzhaf swings, ``swing_counts``.
* :mod:`~powershare.power.kernels.pivots`: Shapley-Shubik pivots, ``pivot_counts`` and
  ``pivot_counts_by_size``.
* :mod:`~powershare.power.kernels.enumeration`: the brute-force reference (any simple game).
* :mod:`~powershare.power.kernels.cost`: up-front time and memory estimates.

Pure functions on plain Python ints; results are exact Python ints.
"""
