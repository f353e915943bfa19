-- The source's files still being written as this run saw them (registered `unsettled_files`),
-- replacing what an earlier run saw: a file that completed is read, and leaves this list.
DELETE FROM audit.landing_unsettled WHERE source = {{ source | literal }};
INSERT INTO audit.landing_unsettled
SELECT {{ source | literal }}, path, size_bytes, reason, {{ run_id | literal }}, now()::TIMESTAMP FROM unsettled_files;
