-- Each content's path in the merge's order (audit/held_now.sql): the first of the paths whose
-- latest sighting holds it, whether landing still has that path or not.
SELECT sha256, first_path FROM ({% include "audit/held_now.sql" %})
