-- Upsert accepted rows by the contract's key. Of two versions of a key, the one delivered later
-- wins, whatever order deliveries are processed in, so re-delivery never double-counts.
CREATE OR REPLACE TEMP TABLE incoming AS
SELECT a.*, m.delivery_id AS _delivery_id
FROM accepted AS a
JOIN audit.file_manifest AS m ON m.source = {{ source | literal }} AND m.sha256 = a._file_sha256
QUALIFY row_number() OVER (PARTITION BY {{ key | map('ident') | join(', ') }}
                           ORDER BY m.delivery_id DESC, a._row_number DESC) = 1;

-- Every core row that shares a key with an incoming row, found in one pass over core. An older
-- version is replaced: it leaves core (and core/mark_dirty.sql reads the years it counted in). A
-- newer version already in core stays, and the incoming row is not inserted.
CREATE OR REPLACE TEMP TABLE matched AS
SELECT t.rowid AS _core_rowid, t.*, t._delivery_id <= i._delivery_id AS _replaced
FROM core.{{ table }} AS t
JOIN incoming AS i ON {% for k in key %}t.{{ k | ident }} = i.{{ k | ident }}{{ " AND " if not loop.last }}{% endfor %};

CREATE OR REPLACE TEMP VIEW replaced AS SELECT * EXCLUDE (_replaced) FROM matched WHERE _replaced;

DELETE FROM core.{{ table }} WHERE rowid IN (SELECT _core_rowid FROM matched WHERE _replaced);

INSERT INTO core.{{ table }} BY NAME
SELECT i.* FROM incoming AS i
ANTI JOIN (SELECT {{ key | map('ident') | join(', ') }} FROM matched WHERE NOT _replaced) AS newer
    USING ({{ key | map('ident') | join(', ') }});
