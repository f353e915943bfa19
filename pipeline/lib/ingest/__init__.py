"""From landing to core: raw (as delivered, with lineage), staging, validation verdicts, quarantine,
held deliveries and the merge into core. May import every package listed before it in ``pipeline.lib``."""
