-- Keys that occur more than once in a core table (there should be none).
SELECT count(*) FROM (
    SELECT {{ key | map('ident') | join(', ') }} FROM core.{{ table }}
    GROUP BY ALL HAVING count(*) > 1
);
