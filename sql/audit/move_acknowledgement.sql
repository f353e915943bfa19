-- A carried acknowledgement follows its bytes to the name a rebuild read them under (the same
-- content under an earlier-sorting name is read first, and the acknowledged name is then its copy).
UPDATE audit.acknowledgements SET path = $new_path WHERE source = $source AND path = $path AND sha256 = $sha256;
