-- The release record of a warehouse being replaced (attached by previous_release_tables.sql), carried
-- into the new one: what was published is history that no landing file can give again, and every
-- later release is protected against it. It holds no person ids, so it carries under a new key as it is.
INSERT INTO public_release.releases BY NAME
SELECT * FROM previous_warehouse.public_release.releases;
INSERT INTO public_release.released_values BY NAME
SELECT * FROM previous_warehouse.public_release.released_values;
{% if held_back %}
INSERT INTO public_release.held_back BY NAME
SELECT * FROM previous_warehouse.public_release.held_back;
{% endif %}
DETACH previous_warehouse;
