-- Read a delivery's raw text as the contract's types. A value that does not parse becomes a
-- type error for that row (listed by column); such rows are quarantined instead of staged.
CREATE OR REPLACE TEMP TABLE typed AS
SELECT
    {% for column in columns %}parse_{{ column.type }}({{ column.name | ident }}) AS {{ column.name | ident }},
    {% endfor %}_file_sha256,
    _row_number,
    _run_id,
    list_filter([
        {% for column in columns if column.type != 'string' %}
        CASE WHEN parse_string({{ column.name | ident }}) IS NOT NULL AND parse_{{ column.type }}({{ column.name | ident }}) IS NULL
             THEN struct_pack(column_name := {{ column.name | literal }}, value := {{ column.name | ident }}) END{{ "," if not loop.last }}
        {% endfor %}
    ], lambda e: e IS NOT NULL) AS _type_errors
FROM raw.{{ source }}
WHERE _file_sha256 = {{ sha256 | literal }};

INSERT INTO staging.{{ source }} BY NAME
SELECT * EXCLUDE (_type_errors) FROM typed WHERE len(_type_errors) = 0;
