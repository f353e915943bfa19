-- The profile (and its version) each content was read through, if any.
SELECT sha256, profile FROM audit.file_manifest WHERE source = $source
QUALIFY row_number() OVER (PARTITION BY sha256 ORDER BY delivery_id DESC) = 1;
