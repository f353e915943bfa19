-- What a recount has to do (core/recount.sql does it): the contents of the source that started or
-- stopped counting or moved position since the last recount (`changed`), and the keys they hold
-- (`affected`). A loaded content counts while some landing path still holds it (its latest sighting
-- there); a new version of a file replaces the old one wholly. With nothing changed, core, the
-- marks of its years and the current states stand as they are (pipeline.lib.ingest.merge._recount_core).
CREATE OR REPLACE TEMP TABLE live AS
SELECT h.sha256, m.delivery_id, h.position,
       -- the same order as a number: ordering millions of candidates by the position itself (a list of
       -- two paths) took twice as long (scale 1000, training records: 13.4 s against 6.5 s)
       dense_rank() OVER (ORDER BY h.position) AS position_rank
FROM ({% include "audit/held_now.sql" %}) AS h
JOIN audit.file_manifest AS m ON m.source = {{ source | literal }} AND m.sha256 = h.sha256 AND m.status = 'loaded'
QUALIFY row_number() OVER (PARTITION BY h.sha256 ORDER BY m.delivery_id DESC) = 1;

CREATE OR REPLACE TEMP TABLE changed AS
SELECT coalesce(l.sha256, c.sha256) AS _file_sha256
FROM live AS l
FULL OUTER JOIN (SELECT * FROM audit.counted_deliveries WHERE source = {{ source | literal }}) AS c USING (sha256)
WHERE l.sha256 IS NULL OR c.sha256 IS NULL OR l.position IS DISTINCT FROM c.position;

CREATE OR REPLACE TEMP TABLE affected AS
SELECT DISTINCT {{ key | map('ident') | join(', ') }}
FROM candidates.{{ source }} SEMI JOIN changed USING (_file_sha256);

-- Set-aside versions are judged again at every recount, whatever changed (a held file may have).
{% include "core/judged_again/" ~ source ~ ".sql" ignore missing %}
