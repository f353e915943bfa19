-- One row per tally row of government user-data demands: num = accounts specified.
SELECT period_id, country, accounts_specified AS num, NULL AS den
FROM ({% include "marts/request_counts_in_period.sql" %})
WHERE requester_type IN ('government', 'court', 'law_enforcement') AND request_type = 'user_data'
