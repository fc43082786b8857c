"""Measuring helpers shared by the tests and the benchmarks (bench/): synthetic corpora, nginx,
page weight, Lighthouse. Never imports from tests/ or bench/."""
