-- An attention state alerted by run `$run_id` (pipeline.lib.ops.alerts.first_seen).
INSERT INTO audit.alerted VALUES ($source, $path, $sha256, $status, $rows_due, $run_id, now()::TIMESTAMP);
