-- A file read through its profile (pipeline/lib/landing/profiled.py): its rows, already mapped
-- onto the contract's columns as text, become the group every reader leaves for typing.
CREATE OR REPLACE TEMP TABLE delivery_numbered AS SELECT * FROM profiled_rows;
