"""The plan layer: the plan the manager gets (orders, collections, uses, indicators),
assembled from the solver's decisions, and its JSON.
"""
