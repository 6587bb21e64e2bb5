"""Checks: the content lint and the pytest plugin that compares output blocks."""
