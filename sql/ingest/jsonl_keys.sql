-- The keys used anywhere in a JSON Lines delivery: its header, as it were.
SELECT DISTINCT unnest(json_keys(line)) AS key
FROM (
    SELECT unnest(string_split(replace(content, chr(13), ''), chr(10))) AS line
    FROM read_text({{ path | literal }})
)
WHERE CASE WHEN json_valid(line) THEN json_type(line) = 'OBJECT' ELSE false END
ORDER BY key;
