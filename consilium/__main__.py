"""`python -m consilium ...` runs the `consilium` command."""

from consilium.cli import app

app()
