-- Staging keeps a delivery's typed rows only while they may still be needed: until it is validated,
-- and while it is held (`hrp release` lets the next validation merge them as they are). Superseded or
-- acknowledged, a held delivery's rows are not needed either: the landing file stays the record of
-- what arrived.
DELETE FROM staging.{{ source }}
WHERE _file_sha256 IN (
    SELECT sha256 FROM audit.file_manifest WHERE source = {{ source | literal }} AND status NOT IN ('staged', 'held')
);
