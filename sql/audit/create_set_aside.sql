-- A tally's rows set aside or held, as typed (a value that did not parse is NULL), so that the figures
-- they would have changed can say they are incomplete (sql/reports/still_missing.sql). Only a tally
-- keeps them: its contract has no personal column. `kind`: 'set aside' (a rule broken) or 'held' (its
-- whole delivery held). A row that did not parse names the columns that did not (`_unparsed`) and keeps
-- the spelling delivered for a column resolved by name (`_delivered_spelling`: a country the next run
-- may resolve, once an operator says what it means; staging/restage_resolved.sql).
CREATE TABLE IF NOT EXISTS audit.set_aside_{{ source }} (
    {% for column in columns %}{{ column.name | ident }} {{ column.sql_type }},
    {% endfor %}_file_sha256 VARCHAR NOT NULL,
    _row_number BIGINT,
    _run_id VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,
    _unparsed VARCHAR[],
    _delivered_spelling VARCHAR
);
