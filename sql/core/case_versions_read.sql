-- Every version of a case that a clean rebuild reads, whatever became of it: the rows of the files
-- some landing path holds now, accepted (candidates), waiting in staging (tonight's, or a file held
-- or acknowledged) or set aside for a row rule (audit.case_versions_set_aside), each with its file.
-- A rebuild judges each version against the furthest status of the versions before it among all of
-- these, at once: the nights judge against the same set. Included as a subquery of a query whose
-- `positions` are the contents held now (audit/held_now.sql), which it reads for itself too.
SELECT v.case_id, v.updated_at, v.status, v.sha256, v.row_number
FROM (
    SELECT case_id, updated_at, status, _file_sha256 AS sha256, _row_number AS row_number FROM candidates.case_outcomes
    UNION ALL
    SELECT case_id, updated_at, status, _file_sha256, _row_number FROM staging.case_outcomes
    UNION ALL
    SELECT case_id, updated_at, status, sha256, row_number FROM audit.case_versions_set_aside
) AS v
SEMI JOIN positions AS p ON p.sha256 = v.sha256
