"""The researcher's web pages and linked-data views (one module per kind of page).

The views are plain functions; ``haitikg.app`` lists every URL with its view and
registers them, so the site's routes read in one place (``haitikg.app.routes``).
"""
