-- Contents already seen for a source (any status): the same bytes are never processed twice. With
-- each, the path, size and modification time it had, so that an untouched file is not even re-read.
SELECT sha256, path, size_bytes, modified_ns FROM audit.file_manifest WHERE source = $source;
