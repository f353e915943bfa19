-- The figures about people of every release up to a day, oldest release first.
SELECT * FROM public_release.released_values WHERE released_on <= $until ORDER BY released_on;
