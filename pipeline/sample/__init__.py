"""The synthetic data generator (``python -m pipeline.sample``)."""

from pipeline.sample.generator import GenerationReport, SampleSpec, generate

__all__ = ["GenerationReport", "SampleSpec", "generate"]
