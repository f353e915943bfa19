-- One row per tally row of government user-data demands: num = accounts specified (NULL where the
-- report does not state it: "not reported").
SELECT period_id, country, accounts_specified AS num, NULL AS den, reported_for_year
FROM ({% include "marts/request_counts_in_period.sql" %})
WHERE requester_type IN ('government', 'court', 'law_enforcement') AND request_type = 'user_data'
