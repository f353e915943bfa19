-- Contents already seen for a source (any status): the same bytes are never processed twice.
SELECT sha256, path FROM audit.file_manifest WHERE source = $source;
