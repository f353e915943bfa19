-- The batch tables of a validated chunk dropped once it is settled (or failed):
-- memory back before the next chunk.
DROP TABLE IF EXISTS validation_batch;
DROP TABLE IF EXISTS failing_rows;
DROP TABLE IF EXISTS failing_details;
DROP TABLE IF EXISTS rejected_rows;
DROP VIEW IF EXISTS accepted;
