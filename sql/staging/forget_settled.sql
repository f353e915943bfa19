-- Staging keeps a delivery's typed rows only while they may still be needed: until it is validated,
-- and while it is held (`hrp release` lets the next validation merge them as they are). Superseded or
-- acknowledged, a held delivery's rows are not needed either: the landing file stays the record of
-- what arrived. Except, with `keep_acknowledged` (a rule reads other deliveries' rows), an
-- acknowledged one's (request counts: of two whose periods overlap, the later by name is held, the
-- earlier acknowledged or not, as a rebuild over the same files holds it).
DELETE FROM staging.{{ source }}
WHERE _file_sha256 IN (
    SELECT sha256 FROM audit.file_manifest WHERE source = {{ source | literal }}
      AND status NOT IN ('staged', 'held'{{ ", 'acknowledged'" if keep_acknowledged }})
);
