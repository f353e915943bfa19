-- The landing paths of a source whose latest version in the manifest is this content (a copy read
-- under another name is not in the manifest: its first reading counts), earliest name first.
SELECT path
FROM (
    SELECT path, sha256, row_number() OVER (PARTITION BY path ORDER BY version DESC, delivery_id DESC) AS newest
    FROM audit.file_manifest
    WHERE source = $source
)
WHERE newest = 1 AND sha256 = $sha256
ORDER BY path;
