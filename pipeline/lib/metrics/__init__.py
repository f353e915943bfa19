"""What is measured: the metric catalogue and targets, marts per fiscal year and half, standing
against target. May import ``common``, ``warehouse`` and ``quality``."""
