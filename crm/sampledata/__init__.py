"""Sample data of the fictitious "Landkreis Lotsenau" in two sizes, from one set of lists.

``demo.build_demo`` writes the curated county a newcomer sees (``flask crm demo``) through the
ORM; ``bench.fill`` writes the same county at any size with Core bulk inserts for benchmarks
(``flask crm bench-data``). The names, places, organisations, texts and the catalogue of
trainings, networks and offers both draw from live in the modules beside them.
"""
