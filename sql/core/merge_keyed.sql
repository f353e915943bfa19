-- Upsert accepted rows by the contract's key. Of two versions of a key, the one delivered later
-- wins, whatever order deliveries are processed in, so re-delivery never double-counts.
CREATE OR REPLACE TEMP TABLE incoming AS
SELECT a.*, m.delivery_id AS _delivery_id
FROM accepted AS a
JOIN audit.file_manifest AS m ON m.source = {{ source | literal }} AND m.sha256 = a._file_sha256
QUALIFY row_number() OVER (PARTITION BY {{ key | map('ident') | join(', ') }}
                           ORDER BY m.delivery_id DESC, a._row_number DESC) = 1;

-- The versions the incoming rows replace leave core, but the years they counted in change too
-- (core/mark_dirty.sql reads them).
CREATE OR REPLACE TEMP TABLE replaced AS
SELECT t.rowid AS _core_rowid, t.*
FROM core.{{ table }} AS t
JOIN incoming AS i
  ON {% for k in key %}t.{{ k | ident }} = i.{{ k | ident }} AND {% endfor %}t._delivery_id <= i._delivery_id;

DELETE FROM core.{{ table }} WHERE rowid IN (SELECT _core_rowid FROM replaced);

INSERT INTO core.{{ table }} BY NAME
SELECT i.* FROM incoming AS i
ANTI JOIN core.{{ table }} AS t USING ({{ key | map('ident') | join(', ') }});
