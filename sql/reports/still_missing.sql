-- A tally's rows the figures do not count and should: set aside by a rule, or in a delivery held
-- whole (or acknowledged while held), while the landing folder still holds that content at some
-- path and no later delivery (by position, the merge's order: audit/held_now.sql) has loaded the
-- row's key. `accepted`: an operator has accepted the
-- figures without them (audit.acknowledgements of that content). A row whose period did not parse
-- stands for each fiscal year the rest of its file covers (as a whole-year row: its year, and each
-- half as "reported for the year"), so every period the file may have meant says it is short.
CREATE OR REPLACE TEMP VIEW periods AS SELECT * FROM marts.periods;

CREATE OR REPLACE TEMP TABLE still_missing AS
WITH held_now AS ({% include "audit/held_now.sql" %}),
latest AS (  -- each content's latest record in the manifest
    SELECT sha256, arg_max(status, delivery_id) AS status
    FROM audit.file_manifest WHERE source = {{ source | literal }}
    GROUP BY sha256
),
candidates AS (
    SELECT DISTINCT ON (s._file_sha256, s._row_number) s.*, h.position AS _position,
           EXISTS (SELECT 1 FROM audit.acknowledgements AS a
                   WHERE a.source = {{ source | literal }} AND a.sha256 = s._file_sha256) AS accepted
    FROM audit.set_aside_{{ source }} AS s
    JOIN latest AS l ON l.sha256 = s._file_sha256
    JOIN held_now AS h ON h.sha256 = s._file_sha256
    WHERE s.kind = 'set aside' OR l.status IN ('held', 'acknowledged')
    ORDER BY s._file_sha256, s._row_number, s.kind DESC
),
missing AS (  -- core's rows all come from contents held now (core/recount.sql), each at its position
    SELECT c.* FROM candidates AS c
    WHERE NOT EXISTS (SELECT 1 FROM core.{{ table }} AS r JOIN held_now AS h ON h.sha256 = r._file_sha256
                      WHERE h.position > c._position
                        {% for column in key %}AND r.{{ column | ident }} = c.{{ column | ident }} {% endfor %})
),
file_years AS (  -- the fiscal years each file's parsed rows lie in
    SELECT DISTINCT f._file_sha256, p.period_start, p.period_end
    FROM (SELECT _file_sha256, period_start, period_end FROM candidates.{{ source }}
          UNION ALL SELECT _file_sha256, period_start, period_end FROM missing) AS f
    JOIN marts.periods AS p ON p.period_kind = 'year' AND f.period_start >= p.period_start AND f.period_end <= p.period_end
)
SELECT * FROM missing WHERE period_start IS NOT NULL AND period_end IS NOT NULL
UNION ALL BY NAME
SELECT m.* REPLACE (y.period_start AS period_start, y.period_end AS period_end)
FROM missing AS m JOIN file_years AS y USING (_file_sha256)
WHERE m.period_start IS NULL OR m.period_end IS NULL;
