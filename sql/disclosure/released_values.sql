-- The figures of every release up to a day (about people, and the exact ones beside them), oldest first.
SELECT * FROM public_release.released_values WHERE released_on <= $until ORDER BY released_on;
