-- The first and last day any delivery describes (NULLs before anything was delivered).
SELECT min(covered_from), max(covered_to) FROM marts.coverage
