"""Benchmarks that print figures (throughput, latency, memory); tests never assert timings."""
