-- One row per tally row from a government, court or law enforcement: num = demands refused,
-- den = demands decided (received minus pending). Not reported (both NULL) when either is blank.
SELECT period_id, request_type,
       CASE WHEN pending IS NOT NULL THEN refused END AS num,
       CASE WHEN refused IS NOT NULL THEN requests - pending END AS den,
       reported_for_year
FROM ({% include "marts/request_counts_in_period.sql" %})
WHERE requester_type IN ('government', 'court', 'law_enforcement')
