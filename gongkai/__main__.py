import os
import sys

from gongkai.cli import main

try:
    sys.exit(main())
except BrokenPipeError:  # `python -m gongkai check | head`: the reader has seen enough
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second error at exit
    sys.exit(1)
