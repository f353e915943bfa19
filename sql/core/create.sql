-- Typed, de-duplicated rows with the lineage of the version that won.
CREATE TABLE IF NOT EXISTS core.{{ table }} (
    {% for column in columns %}{{ column.name | ident }} {{ column.sql_type }},
    {% endfor %}_file_sha256 VARCHAR NOT NULL,
    _row_number BIGINT NOT NULL,
    _run_id VARCHAR NOT NULL,
    _delivery_id BIGINT NOT NULL
);
