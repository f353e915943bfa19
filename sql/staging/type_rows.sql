-- Read the deliveries' text (`delivered_text`: the group just read, ingest/pseudonymise_group.sql)
-- as the contract's types, in one pass straight into staging. A value that does not parse becomes a
-- type error for that row (listed by column); such rows are quarantined instead of staged, and their
-- text is kept nowhere (often text shifted from another column: a name in a yes/no column).
-- A column resolved by name (countries as transparency reports print them) takes the code its
-- spelling resolves to in ref.country_names; a spelling that resolves to nothing is an error too.
{% macro text_of(column) %}{{ ("_text_" ~ column.name) | ident }}{% endmacro %}
{% macro unparsed(column) %}({{ text_of(column) }} IS NOT NULL AND {{ column.name | ident }} IS NULL){% endmacro %}
CREATE OR REPLACE TEMP TABLE typed AS
WITH spellings AS (
    SELECT name_key(name) AS spelling_key, any_value(code) AS resolved_code
    FROM ref.country_names
    GROUP BY ALL
),
parsed AS (  -- each value parsed once; the text of a checked column kept beside it for the check
    SELECT
        {% for column in columns %}
        {% if column.resolve %}{{ ("resolved_" ~ column.name) | ident }}.resolved_code{% else %}parse_{{ column.type }}(d.{{ column.name | ident }}){% endif %} AS {{ column.name | ident }},
        {% endfor %}
        {% for column in columns if column.type != "string" or column.resolve %}d.{{ column.name | ident }} AS {{ text_of(column) }},
        {% endfor %}d._file_sha256,
        d._row_number,
        d._run_id
    FROM delivered_text AS d
    {% for column in columns %}{% if column.resolve %}
    LEFT JOIN spellings AS {{ ("resolved_" ~ column.name) | ident }} ON {{ ("resolved_" ~ column.name) | ident }}.spelling_key = name_key(d.{{ column.name | ident }})
    {% endif %}{% endfor %}
)
SELECT
    {% for column in columns %}{{ column.name | ident }},
    {% endfor %}_file_sha256,
    _row_number,
    _run_id,
    -- the list of a row's errors is built only for a row that has one (almost none do)
    CASE WHEN false{% for column in columns if column.type != "string" or column.resolve %} OR {{ unparsed(column) }}{% endfor %}
    THEN list_filter([
        {% for column in columns if column.type != "string" or column.resolve %}
        CASE WHEN {{ unparsed(column) }} THEN struct_pack(column_name := {{ column.name | literal }}, value := {{ text_of(column) }}) END,
        {% endfor %}
        NULL
    ], lambda e: e IS NOT NULL)
    ELSE [] END AS _type_errors
FROM parsed;

INSERT INTO staging.{{ source }} BY NAME
SELECT * EXCLUDE (_type_errors) FROM typed WHERE len(_type_errors) = 0;

-- Which country each spelling meant for the rows it resolved: an alias removed or changed later must
-- not leave them as it read them.
{% for column in columns if column.resolve %}
INSERT INTO audit.country_spellings
SELECT DISTINCT {{ source | literal }}, t._file_sha256, name_key(d.{{ column.name | ident }}), t.{{ column.name | ident }}
FROM typed AS t
JOIN delivered_text AS d USING (_file_sha256, _row_number)
WHERE t.{{ column.name | ident }} IS NOT NULL
EXCEPT
SELECT source, sha256, spelling_key, code FROM audit.country_spellings;
{% endfor %}
