"""The use cases: plan a week or a horizon, diagnose, trade off, plan many weeks, plan with
uncertain collections.
"""
