-- Rows that are totals (pipeline/lib/landing/totals.py) leave the group before staging: a total is
-- never a country, never loaded. Each is checked against the sum of the rows it totals (the rows
-- of the same file with the same values in the key's other columns): per count column, when the
-- total states it and every row it totals reports it, a difference is a finding with both numbers
-- (a figure some of whose rows do not report it, or not as a number, is not compared, and counted).
CREATE OR REPLACE TEMP TABLE delivery_total_rows AS
SELECT * FROM delivery_numbered
WHERE lower(trim({{ column | ident }})) IN ({% for word in words %}{{ word | lower | literal }}{{ ", " if not loop.last }}{% endfor %});

DELETE FROM delivery_numbered
WHERE lower(trim({{ column | ident }})) IN ({% for word in words %}{{ word | lower | literal }}{{ ", " if not loop.last }}{% endfor %});

CREATE OR REPLACE TEMP TABLE delivery_total_checked AS
WITH checked AS (
    {% for number in numbers %}
    SELECT
        t._path,
        t._row_number,
        {{ number.name | literal }} AS column_name,
        try_cast(replace(trim(t.{{ number.file | ident }}), ',', '') AS BIGINT) AS stated,
        coalesce(sum(try_cast(replace(trim(d.{{ number.file | ident }}), ',', '') AS BIGINT)), 0) AS summed,
        count(d._row_number) - count(try_cast(replace(trim(d.{{ number.file | ident }}), ',', '') AS BIGINT)) AS unreported
    FROM delivery_total_rows AS t
    LEFT JOIN delivery_numbered AS d
        ON d._path = t._path
        {% for key in keys %}AND trim(d.{{ key | ident }}) IS NOT DISTINCT FROM trim(t.{{ key | ident }})
        {% endfor %}
    GROUP BY ALL
    {{ "UNION ALL" if not loop.last }}
    {% endfor %}
)
SELECT _path, _row_number, column_name, stated, summed, unreported = 0 AS compared
FROM checked
WHERE stated IS NOT NULL;
