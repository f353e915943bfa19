-- Raw keeps a delivery's rows only while they may still be needed: until it is validated, and
-- while it is held (a release stages it again from raw). Once loaded, its accepted rows are in
-- candidates and its rejected rows in no table at all (the quarantine says which rows and why; the
-- landing file stays the record of what arrived); superseded or acknowledged, it is not needed
-- either. So text delivered in the wrong column is kept nowhere.
DELETE FROM raw.{{ source }}
WHERE _file_sha256 IN (
    SELECT sha256 FROM audit.file_manifest WHERE source = {{ source | literal }} AND status NOT IN ('staged', 'held')
);
