-- The batch tables of a validated chunk, dropped once it is settled (or failed).
DROP TABLE IF EXISTS validation_batch;
DROP TABLE IF EXISTS failing_rows;
DROP TABLE IF EXISTS failing_details;
DROP TABLE IF EXISTS rejected_rows;
