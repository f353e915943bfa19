-- The columns of a relation (the validated batch, or a core table; quoted by the caller) and their types.
SELECT column_name, column_type FROM (DESCRIBE {{ relation }});
