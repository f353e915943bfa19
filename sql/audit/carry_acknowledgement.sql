-- An acknowledgement carried into a rebuilt warehouse as it was made: who, when and why.
INSERT INTO audit.acknowledgements (source, path, sha256, version, status, reason, acknowledged_at, acknowledged_by)
VALUES ($source, $path, $sha256, $version, $status, $reason, $acknowledged_at, $acknowledged_by);
