-- The rows of the batch Great Expectations validates.
SELECT count(*) FROM {{ table | ident }};
