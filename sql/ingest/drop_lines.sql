-- JSON Lines of a batch once every group parsed from them is staged.
DROP TABLE IF EXISTS delivery_lines;
