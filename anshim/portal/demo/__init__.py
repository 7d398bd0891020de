"""Demo data for a fresh installation: centres, policies, programmes, tips, notices, FAQ.

Every generator takes the anchor date and its own seeded ``random.Random``, so the
same anchor and seed always produce the same rows; ``loader.load_demo`` writes them.
"""
