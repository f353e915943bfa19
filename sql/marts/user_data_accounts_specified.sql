-- One row per tally row of user-data requests, from any requester: num = accounts specified, NULL
-- where the report does not state it ("not reported", never 0).
SELECT period_id, country, accounts_specified AS num, NULL AS den, reported_for_year
FROM ({% include "marts/request_counts_in_period.sql" %})
WHERE request_type = 'user_data'
