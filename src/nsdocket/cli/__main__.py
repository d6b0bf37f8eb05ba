"""``python -m nsdocket.cli``: the same as the ``nsdocket`` command."""

from nsdocket.cli.main import app

app()
