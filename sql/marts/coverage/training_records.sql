-- Training records cover the days from the first assignment to the last assignment or completion.
SELECT min(assigned_on) AS covered_from, max(greatest(assigned_on, coalesce(completed_on, assigned_on))) AS covered_to
FROM core.training_records
HAVING count(*) > 0
