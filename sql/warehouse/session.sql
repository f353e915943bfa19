-- Settings and helpers every connection gets: times are UTC; contract types are parsed strictly.
SET TimeZone = 'UTC';
SET checkpoint_threshold = '1GB';

-- The fiscal year a date falls in (named after the calendar year it ends in).
CREATE OR REPLACE TEMP MACRO fiscal_year_of(d) AS
    year(d) + CASE WHEN {{ start_month }} > 1 AND month(d) >= {{ start_month }} THEN 1 ELSE 0 END;
-- Whether a day is the first of a fiscal year, or of a fiscal half-year.
CREATE OR REPLACE TEMP MACRO is_fiscal_year_start(d) AS
    day(d) = 1 AND fiscal_year_of(d) <> fiscal_year_of(CAST(d - INTERVAL 1 DAY AS DATE));
CREATE OR REPLACE TEMP MACRO is_fiscal_half_start(d) AS
    is_fiscal_year_start(d) OR is_fiscal_year_start(CAST(d - INTERVAL 6 MONTH AS DATE));

-- How contract types are read from text. Strict on purpose: '3.5' is not an integer, '1/7/2025'
-- is not a date (it means different days in different countries), ' 12 ' is 12, and a date
-- outside 1900-2199 is a typing slip, not a date. The text comes trimmed, blank as NULL
-- (ingest/pseudonymise_group.sql reads every delivered value so): trimming it again in each test
-- cost a fifth of typing, and a date's shape is a GLOB (exactly \d{4}-\d{2}-\d{2}), cheaper than a
-- regular expression.
CREATE OR REPLACE TEMP MACRO parse_string(v) AS v;
CREATE OR REPLACE TEMP MACRO plausible(d) AS CASE WHEN year(d) BETWEEN 1900 AND 2199 THEN d END;
CREATE OR REPLACE TEMP MACRO parse_date(v) AS
    plausible(CASE WHEN v GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' THEN try_cast(v AS DATE) END);
CREATE OR REPLACE TEMP MACRO parse_timestamp(v) AS
    plausible(CASE WHEN regexp_full_match(v, '\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?)?(Z|[+-]\d{2}:?\d{2})?')
         THEN try_cast(try_cast(v AS TIMESTAMPTZ) AT TIME ZONE 'UTC' AS TIMESTAMP) END);
CREATE OR REPLACE TEMP MACRO parse_integer(v) AS
    CASE WHEN regexp_full_match(v, '[+-]?\d{1,18}(\.0+)?') THEN try_cast(v AS DECIMAL(20, 1))::BIGINT END;
CREATE OR REPLACE TEMP MACRO parse_decimal(v) AS
    CASE WHEN regexp_full_match(v, '[+-]?(\d+(\.\d*)?|\.\d+)') THEN try_cast(v AS DOUBLE) END;
CREATE OR REPLACE TEMP MACRO parse_boolean(v) AS
    CASE lower(v) WHEN 'true' THEN true WHEN 'false' THEN false WHEN '1' THEN true WHEN '0' THEN false END;

-- Where a delivery stands among its source's deliveries when two of them hold the same key: by
-- its path in the landing folder, compared without the extension first, so that a file sorts
-- before its corrections under a longer name (`2025-05.csv` < `2025-05-v2.csv` < `2025-06.csv`).
CREATE OR REPLACE TEMP MACRO delivery_position(path) AS [regexp_replace(path, '\.[^./]*$', ''), path];

-- How a delivered name is compared with the reference's spellings: case, accents and punctuation
-- ignored (pipeline.lib.quality.countries.name_key is the same rule).
CREATE OR REPLACE TEMP MACRO name_key(v) AS trim(regexp_replace(lower(strip_accents(v)), '[^a-z0-9]+', ' ', 'g'));

-- How far a case's status has gone (its contract's allowed statuses, in order): it only moves forward.
CREATE OR REPLACE TEMP MACRO case_progress(status) AS list_position(['open', 'investigating', 'closed'], status);
