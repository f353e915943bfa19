-- Every landing path a delivery was read from, by source (what a new file is not).
SELECT DISTINCT source, path FROM audit.file_manifest;
