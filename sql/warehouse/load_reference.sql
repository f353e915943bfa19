-- Reference data comes from the repository (and pycountry), refreshed on every run.
CREATE OR REPLACE TABLE ref.{{ table }} AS SELECT * FROM reference_rows;
