-- Tonight's publishable values are replaced whole (insert_public_values.sql follows in the same transaction).
DELETE FROM public_release.public_values;
