"""One module per `python -m gongkai` command."""
