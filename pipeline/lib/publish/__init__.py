"""What people read: disclosure control, labels and translations, charts, the public site, the board
report, PDFs and atomic publication. May import everything up to ``metrics``."""
