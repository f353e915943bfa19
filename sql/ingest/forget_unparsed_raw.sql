-- Rows with a value that does not parse as its column's type leave raw as soon as they are
-- quarantined: such a value is often text shifted from another column (a name in a yes/no column),
-- and nothing delivered is kept that no rule has accepted. The landing file stays the record.
DELETE FROM raw.{{ source }} AS r
USING (SELECT _file_sha256, _row_number FROM typed WHERE len(_type_errors) > 0) AS u
WHERE r._file_sha256 = u._file_sha256 AND r._row_number = u._row_number;
