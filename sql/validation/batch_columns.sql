-- The columns of the validated batch and their types.
SELECT column_name, column_type FROM (DESCRIBE {{ table | ident }});
