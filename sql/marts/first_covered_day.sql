-- The earliest day any delivery covers: the first fiscal year shown, unless one is configured.
SELECT min(covered_from) FROM marts.coverage
