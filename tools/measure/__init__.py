"""Measurement: benchmark, search evaluation, runs under other torch versions. Nothing imports these."""
