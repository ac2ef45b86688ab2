"""`python -m donthu.cli`: the same command as `donthu` (benchmarks and tests start it this way)."""

from . import app

app()
