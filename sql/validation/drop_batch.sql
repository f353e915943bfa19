-- The batch tables of a validated chunk, and the merge's, dropped once it is settled (or failed):
-- memory back before the next chunk.
DROP TABLE IF EXISTS validation_batch;
DROP TABLE IF EXISTS failing_rows;
DROP TABLE IF EXISTS failing_details;
DROP TABLE IF EXISTS rejected_rows;
DROP VIEW IF EXISTS replaced;
DROP VIEW IF EXISTS accepted;
DROP TABLE IF EXISTS matched;
DROP TABLE IF EXISTS incoming;
