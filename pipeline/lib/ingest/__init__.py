"""From landing to core: the delivered files (the raw layer, named by the manifest) typed into
staging, validation verdicts, quarantine, held deliveries and the merge into core. May import every
package listed before it in ``pipeline.lib``."""
