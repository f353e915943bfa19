-- What may be published, kept apart from the marts (the privacy stage between them and the site).
CREATE SCHEMA IF NOT EXISTS public_release;

-- The releases of figures about people, on the calendar of pipeline/catalogue/disclosure_policy.yaml.
CREATE TABLE IF NOT EXISTS public_release.releases (
    released_on  DATE PRIMARY KEY,  -- the calendar's release day (the night that made it may be later)
    k            INTEGER NOT NULL,
    made_at      TIMESTAMP NOT NULL,
    revisions_withheld INTEGER NOT NULL,  -- figures withheld because their revision was unsafe
    years_held   INTEGER NOT NULL         -- fiscal years kept as an earlier release showed them
);
-- Whether the release froze the exact figures released with the figures about people (those of the
-- same sources: Catalogue.released_on_calendar); a release made before they were is given them once.
ALTER TABLE public_release.releases ADD COLUMN IF NOT EXISTS beside_people BOOLEAN;

-- Every figure about people as each release published it (values frozen, with their statuses):
-- what the site shows until the next release, and what every later release is protected against.
CREATE TABLE IF NOT EXISTS public_release.released_values (
    released_on  DATE NOT NULL,
    metric_id    VARCHAR NOT NULL,
    fiscal_year  INTEGER NOT NULL,
    period_id    VARCHAR NOT NULL,
    period_kind  VARCHAR NOT NULL,
    period_start DATE NOT NULL,
    period_end   DATE NOT NULL,
    breakdown    VARCHAR NOT NULL,
    dimension_1  VARCHAR,
    member_1     VARCHAR,
    dimension_2  VARCHAR,
    member_2     VARCHAR,
    value        DOUBLE,
    numerator    DOUBLE,
    denominator  DOUBLE,
    units        BIGINT NOT NULL,
    not_reported BIGINT NOT NULL,
    reported_for_year BIGINT NOT NULL,
    computed_at  TIMESTAMP NOT NULL,
    data_status  VARCHAR NOT NULL,   -- value | no data | to date (marts.metric_values.status)
    in_progress  BOOLEAN NOT NULL,
    status       VARCHAR NOT NULL,   -- the disclosure status: published | small | secondary | withheld
    denominator_status VARCHAR NOT NULL, -- of the "of n" beside a total share
    shown_from   DATE,               -- withheld now, published by that earlier release: the site shows
                                     -- that figure in its place (pipeline/lib/release/as_released.py)
    at_least     DOUBLE,             -- the exact figure published beside it that bounds it from below
                                     -- (pipeline/lib/disclosure/bounds.py)
    missing_rows BIGINT,             -- tally rows the figure did not count on the release's night, and
    accepted_rows BIGINT             -- those accepted without (pipeline/lib/metrics/incomplete.py): a
                                     -- figure about people says "incomplete" as released, never nightly
);
ALTER TABLE public_release.released_values ADD COLUMN IF NOT EXISTS shown_from DATE;
ALTER TABLE public_release.released_values ADD COLUMN IF NOT EXISTS at_least DOUBLE;
ALTER TABLE public_release.released_values ADD COLUMN IF NOT EXISTS missing_rows BIGINT;
ALTER TABLE public_release.released_values ADD COLUMN IF NOT EXISTS accepted_rows BIGINT;

-- What the public site may show tonight: figures about people from the last release, exact
-- figures (requests, assessments) as computed tonight.
CREATE TABLE IF NOT EXISTS public_release.public_values (
    metric_id    VARCHAR NOT NULL,
    fiscal_year  INTEGER NOT NULL,
    period_id    VARCHAR NOT NULL,
    period_kind  VARCHAR NOT NULL,
    period_start DATE NOT NULL,
    period_end   DATE NOT NULL,
    breakdown    VARCHAR NOT NULL,
    dimension_1  VARCHAR,
    member_1     VARCHAR,
    dimension_2  VARCHAR,
    member_2     VARCHAR,
    value        DOUBLE,
    numerator    DOUBLE,
    denominator  DOUBLE,
    units        BIGINT NOT NULL,
    not_reported BIGINT NOT NULL,
    reported_for_year BIGINT NOT NULL,
    computed_at  TIMESTAMP NOT NULL,
    data_status  VARCHAR NOT NULL,   -- value | no data | to date (marts.metric_values.status)
    in_progress  BOOLEAN NOT NULL,
    status       VARCHAR NOT NULL,   -- the disclosure status: published | small | secondary | withheld
    denominator_status VARCHAR NOT NULL, -- of the "of n" beside a total share
    missing_rows BIGINT,             -- a figure about people: as its release found them (NULL for
    accepted_rows BIGINT             -- exact figures, which are marked as they stand tonight)
);
ALTER TABLE public_release.public_values ADD COLUMN IF NOT EXISTS missing_rows BIGINT;
ALTER TABLE public_release.public_values ADD COLUMN IF NOT EXISTS accepted_rows BIGINT;

-- The periods a release held back (metric, period): due at that release, measured, and not published
-- because a late correction to a figure already released could not yet be published safely, or a
-- small count in them is given away by the exact figures beside it (pipeline/lib/release/revise.py). The site says "held back" there, never "no data".
CREATE TABLE IF NOT EXISTS public_release.held_back (
    released_on  DATE NOT NULL,
    metric_id    VARCHAR NOT NULL,
    period_id    VARCHAR NOT NULL
);
