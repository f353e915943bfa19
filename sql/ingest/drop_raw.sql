-- The retired raw text table of a source, once its held rows are typed into staging (ingest/retire_raw.sql).
DROP TABLE raw.{{ source }};
