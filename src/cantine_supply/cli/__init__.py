"""The ``cantine-supply`` command line: a thin layer over the public API.

``main`` builds the parser and dispatches; each subcommand lives in its own module with
``add_parser(subparsers)`` (which sets ``run``) and ``run(args) -> int``.
"""
