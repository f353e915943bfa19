-- The rows of this chunk that passed: not quarantined, not in a held delivery. A view: the merge
-- reads it once, into `incoming`, so the rows are not copied one more time.
CREATE OR REPLACE TEMP VIEW accepted AS
SELECT s.*
FROM staging.{{ source }} AS s
SEMI JOIN chunk_deliveries USING (_file_sha256)
ANTI JOIN held_deliveries USING (_file_sha256)
ANTI JOIN rejected_rows USING (_file_sha256, _row_number);
