-- The warehouse's fixed tables. Source tables (staging, candidates, core) are created from the contracts.
CREATE SCHEMA IF NOT EXISTS audit;
CREATE SCHEMA IF NOT EXISTS staging;
CREATE SCHEMA IF NOT EXISTS candidates;
CREATE SCHEMA IF NOT EXISTS core;
CREATE SCHEMA IF NOT EXISTS marts;
CREATE SCHEMA IF NOT EXISTS ref;

CREATE SEQUENCE IF NOT EXISTS audit.delivery_sequence;

-- One row per file version. A delivery is identified by (source, sha256): the same bytes under
-- another name or delivered again are the same delivery.
CREATE TABLE IF NOT EXISTS audit.file_manifest (
    delivery_id      BIGINT DEFAULT nextval('audit.delivery_sequence'),
    source           VARCHAR NOT NULL,
    path             VARCHAR NOT NULL,   -- relative to the source's landing folder
    sha256           VARCHAR NOT NULL,
    size_bytes       BIGINT NOT NULL,
    format           VARCHAR NOT NULL,
    version          INTEGER NOT NULL,   -- 1 for the first content seen at this path, then 2, 3...
    rows_read        BIGINT,
    rows_loaded      BIGINT,
    rows_quarantined BIGINT,
    rows_held        BIGINT,
    status           VARCHAR NOT NULL,   -- staged | loaded | held | failed | superseded | released | acknowledged
    error            VARCHAR,
    notes            VARCHAR,
    run_id           VARCHAR NOT NULL,   -- the run that staged it
    validated_run_id VARCHAR,            -- the run that validated and settled it
    discovered_at    TIMESTAMP NOT NULL,
    processed_at     TIMESTAMP,
    released_reason  VARCHAR
);
-- Added after the first release: warehouses created before it gain the column here.
ALTER TABLE audit.file_manifest ADD COLUMN IF NOT EXISTS modified_ns BIGINT;  -- the file's mtime when read
-- The import profile a file was read through, and its version (``<sender>@<fingerprint>``), if any.
ALTER TABLE audit.file_manifest ADD COLUMN IF NOT EXISTS profile VARCHAR;

-- Every time a landing path was seen holding some content (a new file, a new version of one, the
-- same bytes as another file): the content a path holds now is its latest sighting. What counts in
-- core is decided from this, not from the order files were staged in (docs/architecture.md).
CREATE TABLE IF NOT EXISTS audit.landing_sightings (
    source      VARCHAR NOT NULL,
    path        VARCHAR NOT NULL,
    sha256      VARCHAR NOT NULL,
    size_bytes  BIGINT NOT NULL,
    modified_ns BIGINT NOT NULL,
    seen_order  BIGINT NOT NULL,   -- from audit.delivery_sequence: later sightings have higher numbers
    run_id      VARCHAR NOT NULL,
    seen_at     TIMESTAMP NOT NULL
);
-- The file's inode change time and number when seen (landing/discover.py, ``Stat``: what a restamped
-- modification time cannot hide). Sightings recorded before they were kept have NULL: not known.
ALTER TABLE audit.landing_sightings ADD COLUMN IF NOT EXISTS changed_ns BIGINT;
ALTER TABLE audit.landing_sightings ADD COLUMN IF NOT EXISTS inode UBIGINT;  -- st_ino may use all 64 bits

-- Which country each spelling meant when it resolved rows of a content (staged, or staged again
-- once an operator answered with `hrp countries add`): an alias removed or changed since would
-- leave those rows as the old alias read them, so the next run refuses (ingest/profile_checks.py).
CREATE TABLE IF NOT EXISTS audit.country_spellings (
    source       VARCHAR NOT NULL,
    sha256       VARCHAR NOT NULL,
    spelling_key VARCHAR NOT NULL,   -- name_key() of the spelling, as the reference compares it
    code         VARCHAR NOT NULL
);

-- Landing paths whose content still counts that no file in landing/ holds any more, under that name
-- or another (as the last run of their source saw them): landing/ is the archive `hrp rebuild` reads.
CREATE TABLE IF NOT EXISTS audit.landing_gone (
    source     VARCHAR NOT NULL,
    path       VARCHAR NOT NULL,
    sha256     VARCHAR NOT NULL,
    run_id     VARCHAR NOT NULL,
    noticed_at TIMESTAMP NOT NULL
);

-- Landing files not read because they are still being written (as the last run of their source saw them).
CREATE TABLE IF NOT EXISTS audit.landing_unsettled (
    source     VARCHAR NOT NULL,
    path       VARCHAR NOT NULL,
    size_bytes BIGINT NOT NULL,
    reason     VARCHAR NOT NULL,
    run_id     VARCHAR NOT NULL,
    seen_at    TIMESTAMP NOT NULL
);

-- The loaded contents whose rows core counts now, each at the position that orders it against the
-- others (its landing path; of several paths holding the same bytes, the first in name order).
CREATE TABLE IF NOT EXISTS audit.counted_deliveries (
    source   VARCHAR NOT NULL,
    sha256   VARCHAR NOT NULL,
    position VARCHAR[] NOT NULL
);

-- Case versions set aside for going back (`status_moves_forward`): which file and row, and the version
-- (the case's key, never shown; when; which status). A version is behind what the case reached before
-- it only while that earlier version counts: `behind` is judged again whenever the case's counted
-- versions change (core/judged_again/case_outcomes.sql). A row no longer behind, a rebuild
-- would count, and the nights do not (audit/dates_passed.sql).
CREATE TABLE IF NOT EXISTS audit.case_versions_set_aside (
    sha256     VARCHAR NOT NULL,
    row_number BIGINT NOT NULL,
    case_id    VARCHAR NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    status     VARCHAR NOT NULL,
    behind     BOOLEAN NOT NULL
);

-- What was alerted as needing attention, by state: a file's name, its bytes, what is wrong with it
-- (failed, held, being written, gone, loaded) and whether a rebuild would count rows it set aside.
-- A state alerts once, the night it arises, whichever step made it (pipeline.lib.ops.alerts.first_seen).
CREATE TABLE IF NOT EXISTS audit.alerted (
    source     VARCHAR NOT NULL,
    path       VARCHAR NOT NULL,
    sha256     VARCHAR NOT NULL,
    status     VARCHAR NOT NULL,
    rows_due   BOOLEAN NOT NULL,
    run_id     VARCHAR NOT NULL,
    alerted_at TIMESTAMP NOT NULL
);

-- Rejected rows: which file, which row, which rule. Free text and person ids are never copied here.
CREATE TABLE IF NOT EXISTS audit.quarantine (
    source          VARCHAR NOT NULL,
    sha256          VARCHAR NOT NULL,
    path            VARCHAR NOT NULL,
    row_number      BIGINT,
    column_name     VARCHAR,
    rule            VARCHAR NOT NULL,
    level           VARCHAR NOT NULL,
    message         VARCHAR NOT NULL,
    offending_value VARCHAR,
    run_id          VARCHAR NOT NULL,
    quarantined_at  TIMESTAMP NOT NULL
);

-- Total rows that disagree with the rows they total (pipeline/lib/landing/totals.py): which file and
-- row, which count, what the total says and what its rows add up to. Total rows are never loaded.
CREATE TABLE IF NOT EXISTS audit.total_checks (
    source      VARCHAR NOT NULL,
    sha256      VARCHAR NOT NULL,
    path        VARCHAR NOT NULL,
    row_number  BIGINT NOT NULL,
    column_name VARCHAR NOT NULL,
    stated      BIGINT NOT NULL,
    summed      BIGINT NOT NULL,
    run_id      VARCHAR NOT NULL,
    checked_at  TIMESTAMP NOT NULL
);

-- One row per expectation per validation, for trends and for the data-quality appendix.
CREATE TABLE IF NOT EXISTS audit.validation_results (
    run_id             VARCHAR NOT NULL,
    suite              VARCHAR NOT NULL,
    expectation        VARCHAR NOT NULL,
    expectation_type   VARCHAR NOT NULL,
    column_name        VARCHAR,
    level              VARCHAR NOT NULL,
    success            BOOLEAN NOT NULL,
    element_count      BIGINT,
    unexpected_count   BIGINT,
    deliveries         INTEGER,
    validated_at       TIMESTAMP NOT NULL,
    result_path        VARCHAR
);

-- Fiscal years whose metrics are out of date: a merge marks the years its rows can change, each
-- with the date that places the rows in that year (`placed_by`; NULL: every metric of the source).
CREATE TABLE IF NOT EXISTS audit.dirty_fiscal_years (
    fiscal_year INTEGER NOT NULL,
    source      VARCHAR NOT NULL,
    run_id      VARCHAR NOT NULL,
    marked_at   TIMESTAMP NOT NULL
);
ALTER TABLE audit.dirty_fiscal_years ADD COLUMN IF NOT EXISTS placed_by VARCHAR;  -- catalogue `placed_by`

-- The units (people) whose rows a merge changed, per fiscal year they count in, for the metrics
-- whose observations are kept between nights (marts.kept_years): only theirs are computed again.
CREATE TABLE IF NOT EXISTS audit.dirty_units (
    fiscal_year INTEGER NOT NULL,
    source      VARCHAR NOT NULL,
    kept_per    VARCHAR NOT NULL,  -- the column that names the unit (person_pseudonym)
    unit        VARCHAR NOT NULL
);

-- The fiscal years whose observations of a metric are kept (the catalogue's `kept_per`, in
-- marts.kept__<metric>), and the definitions they were computed from: a year without a row here
-- has its observations computed whole. Created with the audit tables, which the merge that marks
-- dirty units reads it beside.
CREATE TABLE IF NOT EXISTS marts.kept_years (
    metric_id   VARCHAR NOT NULL,
    source      VARCHAR NOT NULL,
    kept_per    VARCHAR NOT NULL,
    fiscal_year INTEGER NOT NULL,
    fingerprint VARCHAR NOT NULL
);

-- Releases `hrp rebuild` carries from the warehouse it replaces (ops/acknowledged.py): bytes an operator
-- released (`hrp release`), which the rebuild night records as released when it reads them, as the
-- nights had them since. Empty but during a rebuild night.
CREATE TABLE IF NOT EXISTS audit.releases_carried (
    source  VARCHAR NOT NULL,
    sha256  VARCHAR NOT NULL,
    path    VARCHAR NOT NULL,   -- the name it was last read under in the old warehouse
    reason  VARCHAR NOT NULL
);

-- Failed or held deliveries an operator acknowledged (`hrp acknowledge`): who decided what, and why.
CREATE TABLE IF NOT EXISTS audit.acknowledgements (
    source          VARCHAR NOT NULL,
    path            VARCHAR NOT NULL,
    sha256          VARCHAR NOT NULL,
    version         INTEGER NOT NULL,
    status          VARCHAR NOT NULL,   -- failed | held | loaded (rows set aside): what it was when acknowledged
    reason          VARCHAR NOT NULL,
    acknowledged_at TIMESTAMP NOT NULL
);
-- Who acknowledged it (the operating-system user who ran `hrp acknowledge`); NULL before this was kept.
ALTER TABLE audit.acknowledgements ADD COLUMN IF NOT EXISTS acknowledged_by VARCHAR;

-- The content each reference table was last loaded with (pipeline/lib/ingest/setup.py): every step
-- of a night opens the warehouse, and a table is replaced only when the repository's content changed.
CREATE TABLE IF NOT EXISTS ref.loaded_digests (
    name   VARCHAR PRIMARY KEY,
    digest VARCHAR NOT NULL
);

-- Settings that decide what a file's rows make (the fiscal year's start month, the hold share), as
-- the first night read them: a night under other values is refused (pipeline/lib/warehouse/verdict_settings.py).
CREATE TABLE IF NOT EXISTS audit.verdict_settings (
    name  VARCHAR PRIMARY KEY,
    value VARCHAR NOT NULL
);
