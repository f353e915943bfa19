-- Parquet deliveries of one shape in one scan, every value turned to text so that types are
-- checked by the contract, not trusted from the file.
CREATE OR REPLACE TEMP TABLE delivery_numbered AS
SELECT _path, file_row_number + 1 AS _row_number,
       {% for name in header %}CAST({{ name | ident }} AS VARCHAR) AS {{ name | ident }}{{ ", " if not loop.last }}{% endfor %}
FROM read_parquet({{ paths | file_literal }}, file_row_number = true, filename = '_path');

-- Parquet has no malformed rows: a file is either readable or not.
CREATE OR REPLACE TEMP TABLE delivery_rejected_lines (_path VARCHAR, line BIGINT, error_type VARCHAR);
