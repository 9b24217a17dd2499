"""The query engine: the store and its snapshots, query worker processes, the checks every
query passes, the result writers, and a remote SPARQL endpoint that can stand in for it all.

No Flask here: the HTTP layer (``haitikg.endpoint``) drives it. Kept free of imports so a
query worker process starts fast.
"""
