-- The deliveries just read, as text, with personal data made safe before anything is kept: person
-- ids become keyed pseudonyms (hashed once per distinct id across the whole group) and dropped free
-- text is never selected; every value is trimmed, blank as NULL, which is how the parse macros
-- (warehouse/session.sql) take it. A view over the scan's `delivery_numbered`: typing reads it once, straight
-- into staging (staging/type_rows.sql). The raw layer is the delivered file itself, named by its
-- sha256 in audit.file_manifest with its row numbers: no copy of the rows is kept as text.
CREATE OR REPLACE TEMP VIEW delivered_text AS
WITH ids AS (
    {% if person_column %}SELECT DISTINCT {{ person_column.file_name | ident }} AS id FROM delivery_numbered
    {% else %}SELECT NULL::VARCHAR AS id WHERE false{% endif %}
),
pseudonyms AS (
    SELECT id, pseudonymise(id) AS pseudonym FROM ids WHERE id IS NOT NULL
)
SELECT
    {% for column in columns %}
    {% if column.is_person %}pseudonyms.pseudonym
    {% elif column.file_name %}nullif(trim(d.{{ column.file_name | ident }}), '')
    {% else %}NULL::VARCHAR{% endif %} AS {{ column.name | ident }},
    {% endfor %}
    f._file_sha256,
    d._row_number AS _row_number,
    {{ run_id | literal }} AS _run_id
FROM delivery_numbered AS d
JOIN group_files AS f USING (_path)
{% if person_column %}LEFT JOIN pseudonyms ON d.{{ person_column.file_name | ident }} = pseudonyms.id{% endif %};
