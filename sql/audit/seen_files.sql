-- Each landing path's latest sighting, with the size and modification time it had then, so that an
-- untouched file is not even re-read.
{% from "audit/latest_sightings.sql" import latest_sightings %}
{{ latest_sightings("path, size_bytes, modified_ns", "$source") }};
