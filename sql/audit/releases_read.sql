-- The releases `hrp rebuild` carried whose bytes its night read: what it made of them (released and
-- counted, or held for a rule no release overrides), and the name it read them under.
SELECT r.source, r.path, m.path AS now_path, m.status, m.error
FROM audit.releases_carried AS r
JOIN (
    SELECT source, sha256, arg_max(path, delivery_id) AS path, arg_max(status, delivery_id) AS status,
           arg_max(error, delivery_id) AS error
    FROM audit.file_manifest GROUP BY ALL
) AS m USING (source, sha256)
ORDER BY r.source, r.path;
