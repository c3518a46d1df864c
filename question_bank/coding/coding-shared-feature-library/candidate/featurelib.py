"""Shared feature library: the core you are asked to write.

Today every team keeps its own copy (see teams/). This module is where the shared version
goes. The dictionary below is what the platform team started with.
"""

FEATURES = {}


def register(name, fn):
    FEATURES[name] = fn
    return fn
