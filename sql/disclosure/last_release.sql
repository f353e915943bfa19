-- The last release made on or before a day (a record dated later is ignored: the clock decides).
SELECT released_on, k FROM public_release.releases WHERE released_on <= $today ORDER BY released_on DESC LIMIT 1;
