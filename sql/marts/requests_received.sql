-- One row per tally row, from any requester: num = requests received. The transparency report's
-- counts per country and type of request.
SELECT period_id, request_type, country, requests AS num, NULL AS den, reported_for_year
FROM ({% include "marts/request_counts_in_period.sql" %})
