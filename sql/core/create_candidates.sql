-- Every accepted row of every loaded delivery, typed: what core's winners are chosen from.
CREATE TABLE IF NOT EXISTS candidates.{{ source }} (
    {% for column in columns %}{{ column.name | ident }} {{ column.sql_type }},
    {% endfor %}_file_sha256 VARCHAR NOT NULL,
    _row_number BIGINT NOT NULL,
    _run_id VARCHAR NOT NULL
);
