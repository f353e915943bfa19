-- How many total rows each file of the group had (set aside by ingest/set_aside_totals.sql).
SELECT _path, count(*) FROM delivery_total_rows GROUP BY _path;
