-- Keys that occur more than once in a core table (there should be none). Core was unique after the
-- last run, so only a key merged by this run can now occur twice: the keys of rows from deliveries
-- this run settled are looked up, instead of grouping every row of every year every night.
WITH merged_now AS (
    SELECT DISTINCT {{ key | map('ident') | join(', ') }}
    FROM core.{{ table }}
    WHERE _delivery_id IN (
        SELECT delivery_id FROM audit.file_manifest WHERE source = $source AND validated_run_id = $run_id
    )
)
SELECT count(*) FROM (
    SELECT {% for k in key %}t.{{ k | ident }}{{ ", " if not loop.last }}{% endfor %}
    FROM core.{{ table }} AS t
    SEMI JOIN merged_now USING ({{ key | map('ident') | join(', ') }})
    GROUP BY ALL HAVING count(*) > 1
);
