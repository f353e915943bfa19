"""What a reader can work out from everything published about people: the relations between the
published numbers (``relations``), one fiscal year's quantities as a problem (``problem``, ``stocks``,
``bounds``), and the attacker that pins down each hidden number (``reader``, ``audit``), which the
protection (``disclosure``) and the release audit (``release``) both run. May import ``common``,
``warehouse`` and ``metrics``."""
