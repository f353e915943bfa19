"""What may be published about people: the reviewed policy and the release calendar, secondary
suppression until the attacker (``inference``) finds nothing, a cache per year's inputs, and the
public metrics' cells with their statuses. May import ``common``, ``warehouse``, ``metrics`` and
``inference``."""
