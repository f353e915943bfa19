-- The sources with at least one delivery covering some period: for the others, nothing has ever been delivered.
SELECT DISTINCT source FROM marts.coverage ORDER BY source;
