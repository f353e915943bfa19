"""Plain-Python core of the pipeline: no Dagster imports, so every rule is testable directly."""
