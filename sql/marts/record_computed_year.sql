-- A fiscal year is up to date: remember the definitions it was computed from; it is no longer dirty.
DELETE FROM marts.computed_years WHERE fiscal_year = {{ fiscal_year }};
INSERT INTO marts.computed_years VALUES ({{ fiscal_year }}, {{ fingerprint | literal }}, {{ run_id | literal }},
                                         {{ computed_at | literal }}::TIMESTAMP,
                                         {{ measured_on | literal }}::DATE);
DELETE FROM audit.dirty_fiscal_years WHERE fiscal_year = {{ fiscal_year }};
DELETE FROM audit.dirty_units WHERE fiscal_year = {{ fiscal_year }};
