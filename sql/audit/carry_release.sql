-- A release of the warehouse `hrp rebuild` replaces, for its night (audit.releases_carried).
INSERT INTO audit.releases_carried VALUES ($source, $sha256, $path, $released_reason);
