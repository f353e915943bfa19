-- Kept observations nothing will read go: the rows of years no longer kept (their values cleared as
-- outside the years covered, or their source left with nothing in core), and the tables and records
-- of metrics the catalogue no longer keeps. Unread, they would still hold people's pseudonyms and
-- departments that no figure needs. `kept`: each kept metric's table and id; `tables`: those present.
DELETE FROM marts.kept_years WHERE NOT list_contains({{ kept.values() | list | literal }}, metric_id);
{% for table in tables %}
{% if table in kept %}
DELETE FROM marts.{{ table | ident }}
WHERE fiscal_year NOT IN (SELECT fiscal_year FROM marts.kept_years WHERE metric_id = {{ kept[table] | literal }});
{% else %}
DROP TABLE marts.{{ table | ident }};
{% endif %}
{% endfor %}
