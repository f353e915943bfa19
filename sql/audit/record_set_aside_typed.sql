-- A tally's rows that did not parse (staging/type_rows.sql's `typed`: their text is kept nowhere) and its
-- rows that could not be read at all (quarantined as row_well_formed by this run: nothing known of them).
INSERT INTO audit.set_aside_{{ source }} BY NAME
SELECT * EXCLUDE (_type_errors), 'set aside' AS kind,
       list_transform(_type_errors, lambda e: e.column_name) AS _unparsed,
       {% if resolved %}list_filter(_type_errors, lambda e: e.column_name = {{ resolved | literal }})[1].value{% else %}NULL{% endif %}
           AS _delivered_spelling
FROM typed
WHERE len(_type_errors) > 0;

INSERT INTO audit.set_aside_{{ source }} BY NAME
SELECT DISTINCT q.sha256 AS _file_sha256, q.row_number AS _row_number, q.run_id AS _run_id, 'set aside' AS kind
FROM audit.quarantine AS q
WHERE q.source = {{ source | literal }} AND q.run_id = {{ run_id | literal }} AND q.rule = 'row_well_formed'
  AND NOT EXISTS (SELECT 1 FROM audit.set_aside_{{ source }} AS s
                  WHERE s._file_sha256 = q.sha256 AND s._row_number IS NOT DISTINCT FROM q.row_number);
