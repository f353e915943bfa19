-- A tally's rows set aside by a row rule at a validation of their delivery: rows a clean night judges
-- in the same batch as the rest of the file. Not the rows that did not parse (`_unparsed`) or could not
-- be read at all (row_well_formed, nothing known of them): those never reach a batch. Included as a
-- subquery, with `source` in the context.
SELECT a.*
FROM audit.set_aside_{{ source }} AS a
WHERE a.kind = 'set aside' AND a._unparsed IS NULL
  AND NOT EXISTS (SELECT 1 FROM audit.quarantine AS q
                  WHERE q.source = {{ source | literal }} AND q.sha256 = a._file_sha256
                    AND q.row_number = a._row_number AND q.rule = 'row_well_formed')
