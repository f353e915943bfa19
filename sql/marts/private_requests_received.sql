-- One row per tally row from a private party: num = requests received.
SELECT period_id, request_type, country, requests AS num, NULL AS den, reported_for_year
FROM ({% include "marts/request_counts_in_period.sql" %})
WHERE requester_type = 'private_party'
