-- Four rows per tally row from a government, court or law enforcement, one per outcome:
-- num = demands with that outcome, den = demands received (so each outcome's shares add up to 1).
-- A row whose outcome split is not reported (any of the four blank) counts in neither: it is
-- "not reported" for the period, not an outcome of 0.
SELECT period_id, u.outcome, request_type,
       CASE WHEN r.split_reported THEN u.demands END AS num,
       CASE WHEN r.split_reported THEN r.requests END AS den,
       reported_for_year
FROM (SELECT *, (complied_fully IS NOT NULL AND complied_partly IS NOT NULL AND refused IS NOT NULL
                 AND pending IS NOT NULL) AS split_reported
      FROM ({% include "marts/request_counts_in_period.sql" %})) AS r,
     LATERAL (VALUES ('complied_fully', r.complied_fully), ('complied_partly', r.complied_partly),
                     ('refused', r.refused), ('pending', r.pending)) AS u(outcome, demands)
WHERE requester_type IN ('government', 'court', 'law_enforcement')
