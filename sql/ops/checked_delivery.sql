-- The one delivery of a dry run (`hrp check`, a warehouse in memory): what the night would make of it.
SELECT status, coalesce(rows_read, 0), rows_loaded, notes FROM audit.file_manifest ORDER BY delivery_id DESC LIMIT 1;
