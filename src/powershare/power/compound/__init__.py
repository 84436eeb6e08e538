"""Exact counting methods for compound rules (see :mod:`powershare.games.compound`).

* :mod:`~powershare.power.compound.bdd`: a layered, reduced decision diagram over canonical
  states of the threshold circuit (Bolus 2011), counted by paths; any compound rule.
* :mod:`~powershare.power.compound.symmetric`: counting over classes of interchangeable members
  with binomial coefficients; fast when there are few classes (chambers, permanent/elected).
* :mod:`~powershare.power.compound.minimal`, :mod:`~powershare.power.compound.complete`:
  minimal winning coalitions, critical members and counts by size on the diagram, read off a
  second layered diagram counted by :mod:`~powershare.power.compound.layered`.
* :mod:`~powershare.power.compound.register`: registers both methods in the method registry.
"""

from powershare.power.compound.bdd import diagram_counts
from powershare.power.compound.symmetric import member_classes, symmetric_counts

__all__ = ["diagram_counts", "member_classes", "symmetric_counts"]
