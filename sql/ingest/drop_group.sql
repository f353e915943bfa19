-- The temporary tables of a group of deliveries once it is staged: memory back before the next.
DROP VIEW IF EXISTS delivered_text;
DROP TABLE IF EXISTS typed;
DROP TABLE IF EXISTS delivery_numbered;
