-- The accepted rows of the chunk's loaded deliveries join the candidates core is chosen from; they
-- stay there while any version of the warehouse might count them again (the same bytes delivered
-- once more under some name).
INSERT INTO candidates.{{ source }} BY NAME SELECT * FROM accepted;
