-- A Parquet delivery, every value turned to text so that types are checked by the contract, not
-- trusted from the file.
CREATE OR REPLACE TEMP TABLE delivery_numbered AS
SELECT file_row_number + 1 AS _row_number,
       {% for name in header %}CAST({{ name | ident }} AS VARCHAR) AS {{ name | ident }}{{ ", " if not loop.last }}{% endfor %}
FROM read_parquet({{ path | literal }}, file_row_number = true);

-- Parquet has no malformed rows: a file is either readable or not.
CREATE OR REPLACE TEMP TABLE delivery_rejects (line BIGINT, error_type VARCHAR, error_message VARCHAR);
