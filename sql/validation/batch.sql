-- The staged batch that Great Expectations validates, as a temporary table on the pipeline's own
-- connection (GX reads it through its SQL datasource), with how many rows of the same delivery share
-- each row's key (of a tally, its rows loaded or set aside before too): the key-unique rule checks that count, so
-- that GX names the failing rows. Almost every key is alone in its delivery: the count is 1 unless a
-- grouping of the batch finds the key again (a hash aggregate; a window over every row sorted the
-- whole batch). Keys match NULL-safe, as a grouping groups them.
{% set key = contract.key %}
CREATE OR REPLACE TEMP TABLE validation_batch AS
SELECT *, 1::BIGINT AS _key_copies
FROM (
{{ query }}
);

UPDATE validation_batch AS b
SET _key_copies = shared.copies
FROM (
    SELECT _file_sha256{% for k in key %}, {{ k | ident }}{% endfor %}, count(*) AS copies
    FROM (
        SELECT _file_sha256{% for k in key %}, {{ k | ident }}{% endfor %} FROM validation_batch
        {% if contract.tally %}
        UNION ALL  -- loaded before, of a delivery validated again for rows staged again (a country answered
                   -- since: staging/restage_resolved.sql): a row staged again shares a key with them as with
                   -- its delivery's other rows, and a clean night, staging them together, holds the file
        SELECT c._file_sha256{% for k in key %}, c.{{ k | ident }}{% endfor %}
        FROM candidates.{{ contract.source }} AS c SEMI JOIN validation_batch USING (_file_sha256)
        UNION ALL  -- set aside by a row rule at its earlier validation: a clean night judges them in the same batch
        SELECT a._file_sha256{% for k in key %}, a.{{ k | ident }}{% endfor %}
        FROM ({% set source = contract.source %}{% include "audit/judged_set_aside.sql" %}) AS a
        SEMI JOIN validation_batch USING (_file_sha256)
        ANTI JOIN validation_batch USING (_file_sha256, _row_number)  -- staged again tonight (a release)
        {% endif %}
    )
    GROUP BY ALL
    HAVING count(*) > 1
) AS shared
WHERE b._file_sha256 = shared._file_sha256{% for k in key %} AND b.{{ k | ident }} IS NOT DISTINCT FROM shared.{{ k | ident }}{% endfor %};
