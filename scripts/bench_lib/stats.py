"""Summaries of repeated measurements (median first: robust to one slow
outlier from the scheduler on a 2-core machine)."""

import statistics


def summarize(samples):
    """{median, min, max, n} of a list of numbers, or None if empty."""
    if not samples:
        return None
    return {"median": statistics.median(samples), "min": min(samples),
            "max": max(samples), "n": len(samples)}


def ratio(a, b):
    """a/b of two summaries' medians, None when either is missing."""
    if not a or not b or not b["median"]:
        return None
    return a["median"] / b["median"]
