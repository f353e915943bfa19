-- The values of a set-checked column that the batch holds and the allowed set contains: checking the
-- batch against these gives the same verdict as against the whole (big) reference.
SELECT DISTINCT {{ column | ident }} FROM {{ table | ident }} WHERE {{ column | ident }} IN (SELECT unnest($allowed));
