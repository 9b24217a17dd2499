"""The HTTP layer: the SPARQL 1.1 Protocol (``/sparql``), the Graph Store Protocol
(``/store``), the per-client throttle, negotiation and error rendering, and the facade
(``data``) through which the pages read the running engine.

``haitikg.app.create_app`` assembles these views and the pages into one site.
"""
