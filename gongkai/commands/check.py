"""`check`: validate every file under reports/ and report every problem at once."""

from __future__ import annotations

import argparse

from ..config import load_site
from ..corpus import load_corpus
from ..locales import t
from ..problems import ERROR, WARNING


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--github", action="store_true",
                        help="also print GitHub Actions annotations (::error file=…,line=…::)")
    parser.add_argument("--languages", default="zh,en", help="site languages (default: zh,en)")


def run(args: argparse.Namespace) -> int:
    site = load_site(args.root)
    corpus = load_corpus(site, args.languages.split(","))
    for problem in corpus.problems:
        print(problem.format(args.lang))
        if args.github:
            print(problem.github_annotation(args.lang))
    n_errors = sum(p.severity == ERROR for p in corpus.problems)
    n_warnings = sum(p.severity == WARNING for p in corpus.problems)
    if n_errors:
        print(t(args.lang, "check_failed", errors=n_errors, warnings=n_warnings))
        return 1
    print(t(args.lang, "check_ok", documents=corpus.files_read, warnings=n_warnings))
    return 0
