-- The attention states alerted before (pipeline.lib.ops.alerts.first_seen).
SELECT source, path, sha256, status, rows_due FROM audit.alerted;
