-- The staged batch as Great Expectations sees it, with each version's previous status: the one
-- before it in the case's history, whether that came in this batch or an earlier delivery, and the
-- transition between them as one value ("open → closed"), so that Great Expectations checks it with a
-- vectorised set membership (its pandas column-pair check walks the rows one by one: 44 s per 300k).
WITH batch AS (
    SELECT s.* FROM staging.case_outcomes AS s SEMI JOIN chunk_deliveries USING (_file_sha256)
),
versions AS (
    SELECT DISTINCT case_id, updated_at, status FROM batch
    UNION
    SELECT h.case_id, h.updated_at, h.status FROM core.case_history AS h SEMI JOIN batch USING (case_id)
),
ordered AS (
    SELECT case_id, updated_at, status,
           lag(status) OVER (PARTITION BY case_id ORDER BY updated_at, status) AS previous_status
    FROM versions
)
SELECT b.*, CAST(b.updated_at AS DATE) AS _updated_on, o.previous_status AS _previous_status,
       o.previous_status || ' → ' || b.status AS _status_transition
FROM batch AS b
LEFT JOIN ordered AS o ON o.case_id = b.case_id AND o.updated_at = b.updated_at AND o.status = b.status;
