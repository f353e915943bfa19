-- The staged batch that Great Expectations validates, as a temporary table on the pipeline's own
-- connection (GX reads it through its SQL datasource), with how many rows of the same delivery share
-- each row's key: the key-unique rule checks that count, so that GX names the failing rows. Almost
-- every key is alone in its delivery: the count is 1 unless a grouping of the batch finds the key
-- again (a hash aggregate; a window over every row sorted the whole batch). Keys match NULL-safe, as
-- a grouping groups them.
-- Each row carries the day its bytes were written (`_file_written_on`): the earliest modification
-- time of a landing file seen holding them, as a date where the calendar is furthest ahead (UTC+14),
-- so that no date after it had begun anywhere when the file was written. The rules that no date lies
-- in the future compare with it, not with the night's clock: a verdict the files alone decide is the
-- same on every night and in a rebuild from them (judged by the clock, a row set aside as future one
-- night counted in a later rebuild, and a wrong clock decided).
CREATE OR REPLACE TEMP TABLE validation_batch AS
WITH written AS (
    SELECT c._file_sha256, CAST(make_timestamp(min(f.modified_ns) // 1000) + INTERVAL 14 HOUR AS DATE) AS written_on
    FROM chunk_deliveries AS c
    JOIN (
        SELECT sha256, modified_ns FROM audit.landing_sightings WHERE source = {{ source | literal }}
        UNION ALL
        SELECT sha256, modified_ns FROM audit.file_manifest WHERE source = {{ source | literal }}
    ) AS f ON f.sha256 = c._file_sha256
    GROUP BY c._file_sha256
)
SELECT q.*, w.written_on AS _file_written_on, 1::BIGINT AS _key_copies
FROM (
{{ query }}
) AS q
JOIN written AS w USING (_file_sha256);

UPDATE validation_batch AS b
SET _key_copies = shared.copies
FROM (
    SELECT _file_sha256{% for k in key %}, {{ k | ident }}{% endfor %}, count(*) AS copies
    FROM validation_batch
    GROUP BY ALL
    HAVING count(*) > 1
) AS shared
WHERE b._file_sha256 = shared._file_sha256{% for k in key %} AND b.{{ k | ident }} IS NOT DISTINCT FROM shared.{{ k | ident }}{% endfor %};
