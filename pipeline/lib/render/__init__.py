"""How outputs are drawn, shared by the board pack and the site: templates, translations, labels,
charts (plotly → SVG in the one Chromium), the transparency table's shape, CSV downloads and the
build stamps that skip unchanged outputs. May import ``common``, ``warehouse``, ``quality``,
``metrics`` and ``disclosure``; never ``board``, ``site`` or ``release``."""
