-- The keys used anywhere in each JSON Lines delivery just read: its header, as it were.
SELECT DISTINCT _path, unnest(json_keys(line)) AS key FROM delivery_lines WHERE is_record ORDER BY _path, key;
