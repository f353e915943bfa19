-- The periods the last release made held back, by metric.
SELECT metric_id, period_id FROM public_release.held_back
WHERE released_on = (SELECT max(released_on) FROM public_release.releases)
ORDER BY ALL;
