-- One row per course completed in the period, with its language as an ISO 639-1 code where one
-- exists (deliveries may use two- or three-letter codes for the same language).
SELECT p.period_id,
       coalesce(nullif(l.alpha_2, ''), t.language, 'unknown') AS language,
       1 AS num, NULL AS den
FROM core.training_records AS t
JOIN periods AS p ON t.completed_on BETWEEN p.period_start AND p.measured_on
LEFT JOIN ref.languages AS l ON l.code = t.language
WHERE t.status = 'completed'
