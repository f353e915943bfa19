-- Whether some row still missing has a value outside a closed list (not delivered, or not one of the
-- contract's words): such a row might belong to any member of that list.
SELECT count(*) > 0 FROM still_missing
WHERE {{ column | ident }} IS NULL OR {{ column | ident }} NOT IN ({% for value in allowed %}{{ value | literal }}{{ ", " if not loop.last }}{% endfor %});
