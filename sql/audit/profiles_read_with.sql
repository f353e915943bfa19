-- The profile (and its version) each landing path's latest content was read through, if any.
SELECT path, profile FROM audit.file_manifest WHERE source = $source
QUALIFY row_number() OVER (PARTITION BY path ORDER BY version DESC) = 1;
