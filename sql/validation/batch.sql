-- The staged batch that Great Expectations validates, as a temporary table on the pipeline's own
-- connection (GX reads it through its SQL datasource), with how many rows of the same delivery share
-- each row's key: the key-unique rule checks that count, so that GX names the failing rows.
CREATE OR REPLACE TEMP TABLE validation_batch AS
SELECT *, count(*) OVER (PARTITION BY _file_sha256{% for k in key %}, {{ k | ident }}{% endfor %}) AS _key_copies
FROM (
{{ query }}
);
