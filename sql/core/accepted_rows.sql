-- The rows of this chunk that passed: not quarantined, not in a held delivery.
CREATE OR REPLACE TEMP TABLE accepted AS
SELECT s.*
FROM staging.{{ source }} AS s
SEMI JOIN chunk_deliveries USING (_file_sha256)
ANTI JOIN held_deliveries USING (_file_sha256)
ANTI JOIN rejected_rows USING (_file_sha256, _row_number);
