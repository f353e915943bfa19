-- Core brought in line with what the landing folder holds now, for the keys whose candidates
-- changed (core/changes.sql: `live`, `changed`, `affected`), whatever order files arrived or were
-- staged in. Of two counted rows with the same key, the one in the delivery with the later position
-- wins (see audit/held_now.sql), then the later row of that file.
-- The core rows of affected keys leave (core/mark_dirty.sql reads the years they counted in)... They
-- are found once: the delete takes them by the row ids read with them (in this transaction, where
-- nothing else writes core), instead of joining core with the affected keys a second time.
CREATE OR REPLACE TEMP TABLE replaced AS
SELECT t.*, t.rowid AS _core_rowid FROM core.{{ table }} AS t SEMI JOIN affected USING ({{ key | map('ident') | join(', ') }});

DELETE FROM core.{{ table }} WHERE rowid IN (SELECT _core_rowid FROM replaced);

-- ...and each affected key's winner among the counted candidates takes their place. The winners are
-- chosen on narrow rows (the key, the order, the candidate's row id) and only then read whole: a
-- window over whole rows sorted every column of millions of rows, spilling to disk on a first load.
CREATE OR REPLACE TEMP TABLE winners AS
SELECT c.rowid AS _candidate, l.delivery_id AS _delivery_id
FROM candidates.{{ source }} AS c
JOIN live AS l ON l.sha256 = c._file_sha256
SEMI JOIN affected USING ({{ key | map('ident') | join(', ') }})
QUALIFY row_number() OVER (PARTITION BY {% for k in key %}c.{{ k | ident }}{{ ", " if not loop.last }}{% endfor %}
                           ORDER BY l.position_rank DESC, c._row_number DESC) = 1;

-- The winners whole, as a view read where they are needed (core below; the touched years and the
-- current states read a few columns of them): written out as a table they spilled to disk (6.2 s for
-- 11 M rows at scale 1000, against 0.8-1.4 s to read them). The row ids hold: the recount's
-- transaction writes no candidate before its last read of them (pipeline.lib.ingest.merge._recount).
CREATE OR REPLACE TEMP VIEW incoming AS
SELECT c.*, w._delivery_id
FROM candidates.{{ source }} AS c
JOIN winners AS w ON c.rowid = w._candidate;

INSERT INTO core.{{ table }} BY NAME SELECT * FROM incoming;

DELETE FROM audit.counted_deliveries WHERE source = {{ source | literal }} AND sha256 IN (SELECT _file_sha256 FROM changed);
INSERT INTO audit.counted_deliveries
SELECT {{ source | literal }}, sha256, position FROM live SEMI JOIN changed ON changed._file_sha256 = live.sha256;
