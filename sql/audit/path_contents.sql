-- The content each landing path held when it was last seen.
{% from "audit/latest_sightings.sql" import latest_sightings %}
{{ latest_sightings("path, sha256", "$source") }};
