-- The content each reference table was last loaded with: (name, digest).
SELECT name, digest FROM ref.loaded_digests;
