-- Case outcomes cover the days from the first case opened to the last update delivered.
SELECT min(opened_on) AS covered_from, max(greatest(opened_on, CAST(updated_at AS DATE))) AS covered_to
FROM core.case_history
HAVING count(*) > 0
