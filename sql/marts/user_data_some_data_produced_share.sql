-- One row per tally row of user-data requests, from any requester: num = requests where some data
-- was produced (the delivered `complied`, or complied fully + in part), den = requests. Both NULL,
-- "not reported", when neither form is given.
SELECT period_id, country,
       coalesce(complied, complied_fully + complied_partly) AS num,
       CASE WHEN coalesce(complied, complied_fully + complied_partly) IS NOT NULL THEN requests END AS den,
       reported_for_year
FROM ({% include "marts/request_counts_in_period.sql" %})
WHERE request_type = 'user_data'
