"""The verification layer: checks a plan against the rules and its input with its own
arithmetic, independently of the model.
"""
