-- Delivery ids for the files about to be staged, taken together so they follow discovery order
-- (ids taken by a run that crashed are never reused: gaps are harmless, order is what matters).
SELECT nextval('audit.delivery_sequence') FROM range($n);
