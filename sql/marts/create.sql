-- The period dimension and the metric values, one row per metric, period and breakdown member.
CREATE SCHEMA IF NOT EXISTS marts;  -- a run that meets a warehouse a rebuild has just swapped in still finds its schema
CREATE TABLE IF NOT EXISTS marts.periods (
    period_id    VARCHAR NOT NULL,  -- FY2026, FY2026-H1, FY2026-H2
    period_kind  VARCHAR NOT NULL,  -- year | half
    fiscal_year  INTEGER NOT NULL,
    period_start DATE NOT NULL,
    period_end   DATE NOT NULL
);

CREATE TABLE IF NOT EXISTS marts.metric_values (
    metric_id    VARCHAR NOT NULL,
    unit         VARCHAR NOT NULL,  -- share | count | days
    fiscal_year  INTEGER NOT NULL,
    period_id    VARCHAR NOT NULL,
    period_kind  VARCHAR NOT NULL,
    period_start DATE NOT NULL,
    period_end   DATE NOT NULL,
    measured_on  DATE NOT NULL,     -- the period's end, or the day it was computed if earlier
    breakdown    VARCHAR NOT NULL,  -- '' for the total, else the dimensions, comma-separated
    dimension_1  VARCHAR,
    member_1     VARCHAR,
    dimension_2  VARCHAR,
    member_2     VARCHAR,
    value        DOUBLE,            -- NULL when there is nothing to measure (e.g. a share of none)
    numerator    DOUBLE,
    denominator  DOUBLE,
    units        BIGINT NOT NULL,   -- observations behind the value: people, cases, assignments...
    not_reported BIGINT NOT NULL DEFAULT 0,       -- of those, how many left the measure blank (optional measures)
    reported_for_year BIGINT NOT NULL DEFAULT 0,  -- of those, how many were reported for the whole fiscal year only
    run_id       VARCHAR NOT NULL,
    computed_at  TIMESTAMP NOT NULL
);

-- Warehouses made before optional measures were known get the two counts.
ALTER TABLE marts.metric_values ADD COLUMN IF NOT EXISTS not_reported BIGINT DEFAULT 0;
ALTER TABLE marts.metric_values ADD COLUMN IF NOT EXISTS reported_for_year BIGINT DEFAULT 0;

-- When each fiscal year's values were last computed, and from which definitions (a fingerprint of
-- the catalogue and its SQL): a year is recomputed when its data or its definitions change.
CREATE TABLE IF NOT EXISTS marts.computed_years (
    fiscal_year INTEGER NOT NULL,
    fingerprint VARCHAR NOT NULL,
    run_id      VARCHAR NOT NULL,
    computed_at TIMESTAMP NOT NULL
);
-- The day the year was measured on (its end, or today if earlier): a year computed "as of" another
-- day than today's (a wrong HRP_TODAY or clock) is recomputed whole.
ALTER TABLE marts.computed_years ADD COLUMN IF NOT EXISTS measured_on DATE;

-- What each source delivered: spans of days (event sources: first to last day their rows describe;
-- request counts: each period delivered). Rebuilt with the metric values (marts/replace_coverage.sql).
CREATE TABLE IF NOT EXISTS marts.coverage (
    source       VARCHAR NOT NULL,
    covered_from DATE NOT NULL,
    covered_to   DATE NOT NULL
);

-- Every value's status besides the disclosure ones: 'value', 'no data' (no delivery of its source
-- covers the period: the value is NULL, never 0) or 'to date' (the period has not ended).
ALTER TABLE marts.metric_values ADD COLUMN IF NOT EXISTS status VARCHAR DEFAULT 'value';

-- The coverage each fiscal year's values were computed with, per source (marts/coverage_digests.sql).
CREATE TABLE IF NOT EXISTS marts.computed_coverage (
    fiscal_year INTEGER NOT NULL,
    source      VARCHAR NOT NULL,
    digest      VARCHAR NOT NULL
);
