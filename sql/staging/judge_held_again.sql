-- Deliveries held for a rule that reads the source's other deliveries (`judged_again` in
-- expectations/: of two request-count files whose periods overlap, the later by name is held) wait
-- for validation again beside what arrived: the earlier file corrected under its name, the later one
-- may count, as a rebuild over the same files counts it. Only one whose content a landing path holds
-- now and whose rows all wait in staging (staging/held_rows_missing.sql): they stay there, and the
-- validation settles it again, held or not. Not a released one: it waits already.
UPDATE audit.file_manifest AS m
SET status = 'staged', rows_held = 0
WHERE m.source = {{ source | literal }} AND m.status = 'held' AND m.released_reason IS NULL
  AND list_has_any(regexp_extract_all(m.error, '[a-z_]+'), {{ rules | literal }})
  AND m.sha256 IN (SELECT sha256 FROM ({% include "audit/held_now.sql" %}))
  AND m.rows_held = (SELECT count(*) FROM staging.{{ source }} AS s WHERE s._file_sha256 = m.sha256);
