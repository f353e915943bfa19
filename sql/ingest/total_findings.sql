-- Total rows that disagree with the rows they total, with both numbers (ingest/set_aside_totals.sql).
SELECT _path, _row_number, column_name, stated, summed
FROM delivery_total_checked
WHERE compared AND stated <> summed
ORDER BY _path, _row_number, column_name;
