-- What the public site shows, in the order its tables list it.
SELECT * FROM public_release.public_values
ORDER BY metric_id, fiscal_year, period_start, period_kind DESC, breakdown, member_1, member_2;
