"""`check`: validate every file under reports/ and report every problem at once."""

from __future__ import annotations

import argparse
import datetime as dt

from gongkai.content.config import load_site, site_languages
from gongkai.content.corpus import Corpus, load_corpus
from gongkai.locales import t
from gongkai.problems import ERROR, WARNING, ContentError, Problem, sort_key


def add_arguments(parser: argparse.ArgumentParser, lang: str) -> None:
    parser.add_argument("--github", action="store_true", help=t(lang, "cli_check_github"))
    parser.add_argument("--languages", default="", help=t(lang, "cli_check_languages"))
    parser.add_argument("--compliance", action="store_true", help=t(lang, "cli_check_compliance"))
    parser.add_argument("--as-of", type=dt.date.fromisoformat, default=None, metavar="YYYY-MM-DD",
                        help=t(lang, "cli_check_as_of"))


def run(args: argparse.Namespace) -> int:
    try:
        site = load_site(args.root)
    except ContentError as exc:  # a broken units.yml: report it like any other problem
        return report(sorted(exc.problems, key=sort_key), args, documents=0)
    languages = args.languages.split(",") if args.languages else site_languages(args.root)
    corpus = load_corpus(site, languages, render_bodies=True)
    if args.compliance:
        corpus.problems.extend(compliance_report(corpus, args.as_of or dt.date.today(), args.lang))
    return report(sorted(corpus.problems, key=sort_key), args, documents=corpus.files_read)


def report(problems: list[Problem], args: argparse.Namespace, documents: int) -> int:
    for problem in problems:
        print(problem.format(args.lang))
        if args.github:
            print(problem.github_annotation(args.lang))
    n_errors = sum(p.severity == ERROR for p in problems)
    n_warnings = sum(p.severity == WARNING for p in problems)
    if n_errors:
        print(t(args.lang, "check_failed", errors=n_errors, warnings=n_warnings))
        return 1
    print(t(args.lang, "check_ok", documents=documents, warnings=n_warnings))
    return 0


def compliance_report(corpus: Corpus, as_of: dt.date, lang: str) -> list[Problem]:
    """Print one summary line per year; return the compliance warnings (never errors)."""
    from gongkai.content import compliance

    statuses = compliance.overview(corpus, as_of)
    print(t(lang, "compliance_check_header", as_of=as_of.isoformat()))
    for status in statuses:
        counts = status.counts()
        print(t(lang, "compliance_check_year", year=status.year, deadline=status.deadline.isoformat(),
                incomplete=status.incomplete, **counts))
    return compliance.problems(statuses)
