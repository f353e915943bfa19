-- One row per tally row from a government, court or law enforcement: num = demands received.
SELECT period_id, request_type, requester_type, country, requests AS num, NULL AS den, reported_for_year
FROM ({% include "marts/request_counts_in_period.sql" %})
WHERE requester_type IN ('government', 'court', 'law_enforcement')
