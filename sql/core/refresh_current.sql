-- The current state of every entity touched by a recount: its latest version (none if it left core).
DELETE FROM core.{{ current }} WHERE {{ entity | ident }} IN (SELECT {{ entity | ident }} FROM incoming UNION SELECT {{ entity | ident }} FROM replaced);

INSERT INTO core.{{ current }} BY NAME
SELECT * FROM core.{{ table }}
WHERE {{ entity | ident }} IN (SELECT {{ entity | ident }} FROM incoming UNION SELECT {{ entity | ident }} FROM replaced)
QUALIFY row_number() OVER (PARTITION BY {{ entity | ident }} ORDER BY {{ latest_by | ident }} DESC, _delivery_id DESC) = 1;
