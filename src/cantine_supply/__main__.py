"""``python -m cantine_supply``: the same as the ``cantine-supply`` command."""

from cantine_supply.cli.main import main

raise SystemExit(main())
