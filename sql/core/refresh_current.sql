-- The current state of every entity touched by a recount: its latest version (none if it left core).
{% set entity = contract.entity | ident %}
DELETE FROM core.{{ contract.current_table }} WHERE {{ entity }} IN (SELECT {{ entity }} FROM incoming UNION SELECT {{ entity }} FROM replaced);

INSERT INTO core.{{ contract.current_table }} BY NAME
SELECT * FROM core.{{ contract.core_table }}
WHERE {{ entity }} IN (SELECT {{ entity }} FROM incoming UNION SELECT {{ entity }} FROM replaced)
QUALIFY row_number() OVER (PARTITION BY {{ entity }} ORDER BY {{ contract.latest_by | ident }} DESC, _delivery_id DESC) = 1;
