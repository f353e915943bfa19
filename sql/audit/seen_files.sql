-- Each landing path's latest sighting, with the signature it had then (size, modification time, inode
-- change time and number: landing/discover.py, ``Stat``), so that an untouched file is not even
-- re-read: of a content the manifest knows. A copy is sighted as its
-- bytes' reader (another path) is staged, but in its own transaction: if the reader's group never
-- committed (a crash) and the reader then changed or went, the copy is the only path left to read
-- those bytes from, and is read again.
{% from "audit/latest_sightings.sql" import latest_sightings %}
SELECT path, size_bytes, modified_ns, changed_ns, inode
FROM ({{ latest_sightings("path, size_bytes, modified_ns, changed_ns, inode, sha256", "$source") }}) AS s
WHERE EXISTS (SELECT 1 FROM audit.file_manifest AS m WHERE m.source = $source AND m.sha256 = s.sha256);
