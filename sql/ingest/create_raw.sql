-- Raw keeps every row read, as text, with its lineage: nothing a delivery said is lost.
CREATE TABLE IF NOT EXISTS raw.{{ source }} (
    {% for column in columns %}{{ column.name | ident }} VARCHAR,
    {% endfor %}_file_sha256 VARCHAR NOT NULL,
    _row_number BIGINT NOT NULL,
    _run_id VARCHAR NOT NULL
);
