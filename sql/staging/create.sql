-- Typed rows of deliveries waiting for validation. Rows leave when their delivery is merged or held.
CREATE TABLE IF NOT EXISTS staging.{{ source }} (
    {% for column in columns %}{{ column.name | ident }} {{ column.sql_type }},
    {% endfor %}_file_sha256 VARCHAR NOT NULL,
    _row_number BIGINT NOT NULL,
    _run_id VARCHAR NOT NULL
);
