-- The release record of a warehouse being replaced (hrp rebuild, hrp rekey), carried into the new one:
-- what was published is history that no landing file can give again, and every later release is
-- protected against it. It holds no person ids, so it carries under a new key as it is.
ATTACH {{ previous | literal }} AS previous_warehouse (READ_ONLY);
INSERT INTO public_release.releases BY NAME
SELECT * FROM previous_warehouse.public_release.releases;
INSERT INTO public_release.released_values BY NAME
SELECT * FROM previous_warehouse.public_release.released_values;
DETACH previous_warehouse;
