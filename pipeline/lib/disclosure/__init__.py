"""What may be published about people: disclosure control as one problem per fiscal year (the
relations a reader can write, the audit by linear programming, a cache per year's inputs) and the
public metrics' cells with their statuses. May import ``common``, ``warehouse`` and ``metrics``."""
