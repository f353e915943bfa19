-- Assessment status covers the days from its first snapshot to its last.
SELECT min(as_of) AS covered_from, max(as_of) AS covered_to
FROM core.assessment_snapshots
HAVING count(*) > 0
