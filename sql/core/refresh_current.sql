-- The current state of every entity touched by this merge: its latest version.
DELETE FROM core.{{ current }} WHERE {{ entity | ident }} IN (SELECT {{ entity | ident }} FROM incoming);

INSERT INTO core.{{ current }} BY NAME
SELECT * FROM core.{{ table }}
WHERE {{ entity | ident }} IN (SELECT {{ entity | ident }} FROM incoming)
QUALIFY row_number() OVER (PARTITION BY {{ entity | ident }} ORDER BY {{ latest_by | ident }} DESC, _delivery_id DESC) = 1;
