-- Reference data comes from the repository (and pycountry), refreshed when its content changes.
CREATE OR REPLACE TABLE ref.{{ table }} AS SELECT * FROM reference_rows;
INSERT OR REPLACE INTO ref.loaded_digests VALUES ($name, $digest);
