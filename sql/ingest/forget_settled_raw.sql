-- Raw keeps a delivery's rows only while they may still be needed: until it is validated, and
-- while it is held (a release stages it again from raw). Once settled, its accepted rows are in
-- candidates, its rejected rows in no table at all (the quarantine says which rows and why; the
-- landing file stays the record of what arrived), so text delivered in the wrong column is kept nowhere.
DELETE FROM raw.{{ source }}
WHERE _file_sha256 IN (SELECT _file_sha256 FROM chunk_deliveries)
  AND _file_sha256 NOT IN (SELECT _file_sha256 FROM held_deliveries);
