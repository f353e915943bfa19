-- A group's total-row findings (registered as `total_findings` by pipeline/lib/ingest/profile_checks.py).
INSERT INTO audit.total_checks BY NAME SELECT * FROM total_findings;
