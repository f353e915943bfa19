-- One row per person per period: people with at least one required course assigned in the period
-- (exemptions aside); num = 1 if they completed every one of those courses by the period's end.
-- A person's department and type are those of their latest assignment in the period (of two on
-- the same day, the one with the greater record id: a rule, so that the answer never depends on the
-- order rows happen to be stored in, which differs between a night's history and a clean rebuild);
-- their department group is that department's (ref.departments), so a group's share counts people.
-- Both are taken by one arg_max over the pair (measured at scale 1000, one fiscal year: 2.6 s for
-- two, one per column, against 1.2 s). The contract requires both, so neither is ever NULL in core:
-- a single column's arg_max would skip a NULL and take an earlier row's value, the pair's would not.
-- The observations are kept between nights (catalogue `kept_per`): with `only_units`, only the
-- people a night's rows changed are observed again (pipeline.lib.metrics.kept).
SELECT person.period_id, person.person_pseudonym, person.latest.department AS department,
       person.latest.person_type AS person_type, person.num, person.den, d."group" AS department_group
FROM (
    SELECT p.period_id, t.person_pseudonym,
           arg_max({'department': t.department, 'person_type': t.person_type}, (t.assigned_on, t.record_id))
               AS latest,
           bool_and(t.status = 'completed' AND t.completed_on <= p.measured_on)::INTEGER AS num,
           1 AS den
    FROM core.training_records AS t
    JOIN ref.courses AS c ON c.course_id = t.course_id AND c.required = 'true'
    JOIN periods AS p ON t.assigned_on BETWEEN p.period_start AND p.measured_on
    WHERE t.status <> 'exempt'
    {%- if only_units | default(false) %} AND t.person_pseudonym IN (SELECT unit FROM only_units){% endif %}
    GROUP BY p.period_id, t.person_pseudonym
) AS person
LEFT JOIN ref.departments AS d ON d.code = person.latest.department
