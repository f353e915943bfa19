-- Read every column of every row (a damaged block fails here), returning one number.
SELECT count(*) FROM (SELECT * FROM {{ schema | ident }}.{{ table | ident }}) AS whole
WHERE hash(COLUMNS(*)) IS NOT NULL;
