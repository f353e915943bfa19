-- A tally's rows that broke a row rule (`rejected_rows`) and the rows of its deliveries held whole, as
-- staged. A held delivery released later is validated again: its rows are recorded once per kind.
INSERT INTO audit.set_aside_{{ source }} BY NAME
SELECT s.*, 'set aside' AS kind
FROM staging.{{ source }} AS s
SEMI JOIN rejected_rows USING (_file_sha256, _row_number)
UNION ALL BY NAME
SELECT s.*, 'held' AS kind
FROM staging.{{ source }} AS s
SEMI JOIN chunk_deliveries USING (_file_sha256)
SEMI JOIN held_deliveries USING (_file_sha256)
WHERE NOT EXISTS (SELECT 1 FROM audit.set_aside_{{ source }} AS a
                  WHERE a._file_sha256 = s._file_sha256 AND a._row_number = s._row_number AND a.kind = 'held');
