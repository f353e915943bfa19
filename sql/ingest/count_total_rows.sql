-- How many total rows each file of the group had (set aside by ingest/set_aside_totals.sql), and
-- how many of their figures could not be compared (a row they total does not report it).
SELECT r._path, count(DISTINCT r._row_number),
       (SELECT count(*) FROM delivery_total_checked AS c WHERE c._path = r._path AND NOT c.compared)
FROM delivery_total_rows AS r
GROUP BY r._path;
