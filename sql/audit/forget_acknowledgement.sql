-- A carried acknowledgement whose delivery a rebuild made something else of: the operator decides again.
DELETE FROM audit.acknowledgements WHERE source = $source AND path = $path AND sha256 = $sha256;
