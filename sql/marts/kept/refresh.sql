-- One metric's kept observations (catalogue `kept_per`) for one fiscal year, brought up to date
-- before its values are rolled up from them (marts/rollup.sql): all of them, or with `only_units`
-- only those of the units whose rows a merge changed since they were kept (audit.dirty_units). The
-- others' rows in the year are as they were, so the observations equal those a clean rebuild makes.
-- `fresh`: no year was kept from today's definitions, whose columns may differ: the table starts over.
{% set table = "marts." ~ (metric.kept_table | ident) %}
{% if fresh %}
DROP TABLE IF EXISTS {{ table }};
DELETE FROM marts.kept_years WHERE metric_id = {{ metric.id | literal }};
{% endif %}
{% if only_units %}
CREATE OR REPLACE TEMP TABLE only_units AS
SELECT DISTINCT unit FROM audit.dirty_units
WHERE fiscal_year = {{ fiscal_year }} AND source = {{ metric.source | literal }}
  AND kept_per = {{ metric.kept_per | literal }};
{% endif %}
CREATE TABLE IF NOT EXISTS {{ table }} AS
SELECT {{ fiscal_year }}::INTEGER AS fiscal_year, * FROM (
{% include "marts/" ~ metric.sql %}
) LIMIT 0;

DELETE FROM {{ table }}
WHERE fiscal_year = {{ fiscal_year }}
{%- if only_units %} AND {{ metric.kept_per | ident }} IN (SELECT unit FROM only_units){% endif %};

INSERT INTO {{ table }} BY NAME
SELECT {{ fiscal_year }}::INTEGER AS fiscal_year, * FROM (
{% include "marts/" ~ metric.sql %}
);

INSERT INTO marts.kept_years  -- marts/clear_fiscal_year.sql took the year's row out
VALUES ({{ metric.id | literal }}, {{ metric.source | literal }}, {{ metric.kept_per | literal }}, {{ fiscal_year }},
        {{ fingerprint | literal }});
{% if only_units %}
DROP TABLE only_units;
{% endif %}
