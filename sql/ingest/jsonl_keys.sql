-- The keys used anywhere in the JSON Lines delivery just read: its header, as it were.
SELECT DISTINCT unnest(json_keys(line)) AS key FROM delivery_lines WHERE is_record ORDER BY key;
