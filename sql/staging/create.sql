-- Typed rows of deliveries waiting for validation, and of held deliveries waiting for a release. Rows
-- leave when their delivery is merged, or settled otherwise (staging/clear.sql, staging/forget_settled.sql).
CREATE TABLE IF NOT EXISTS staging.{{ source }} (
    {% for column in columns %}{{ column.name | ident }} {{ column.sql_type }},
    {% endfor %}_file_sha256 VARCHAR NOT NULL,
    _row_number BIGINT NOT NULL,
    _run_id VARCHAR NOT NULL
);
