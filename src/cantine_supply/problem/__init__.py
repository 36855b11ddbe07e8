"""The problem layer: a week's (or several weeks') needs, offers, lots and targets, checked
and reduced, as the optimiser reads them.
"""
