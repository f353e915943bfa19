-- A carried acknowledgement names the version its content has in the rebuilt manifest.
UPDATE audit.acknowledgements SET version = $version WHERE source = $source AND path = $path AND sha256 = $sha256;
