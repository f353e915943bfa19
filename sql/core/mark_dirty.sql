-- The fiscal years whose metrics the rows just merged (the temporary table `incoming`) can change.
INSERT INTO audit.dirty_fiscal_years
SELECT DISTINCT fiscal_year, {{ source | literal }}, {{ run_id | literal }}, now()::TIMESTAMP
FROM ({% include "core/touched_years/" ~ source ~ ".sql" %}) AS touched
WHERE fiscal_year IS NOT NULL;
