"""Problems found in source files, worded for editors in their language."""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any

from gongkai.locales import strings

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    path: str  # relative to the repository root
    line: int  # 1-based; 0 when the problem concerns the whole file
    field: str  # front-matter key, or "" for the file as a whole
    code: str  # key into the `problems` table of the locale files
    params: dict[str, Any] = dataclass_field(default_factory=dict, hash=False, compare=False)
    severity: str = ERROR

    def texts(self, lang: str) -> tuple[str, str]:
        """(what is wrong, how to fix it) in `lang`; values quoted from files stay on one line."""
        table = strings(lang).get("problems") or strings("zh")["problems"]
        entry = table.get(self.code) or strings("zh")["problems"][self.code]
        params = {k: one_line(v) if isinstance(v, str) else v for k, v in self.params.items()}
        return entry["message"].format(**params), entry["fix"].format(**params)

    def format(self, lang: str = "zh") -> str:
        message, fix = self.texts(lang)
        labels = strings(lang)["ui"]
        path = one_line(self.path)
        where = f"{path}:{self.line}" if self.line else path
        kind = labels["problem_error"] if self.severity == ERROR else labels["problem_warning"]
        field_part = f" [{self.field}]" if self.field else ""
        return f"{where}:{field_part} {kind}: {message}\n    {labels['problem_fix']}: {fix}"

    def github_annotation(self, lang: str = "zh") -> str:
        """A GitHub Actions workflow command that marks the line in a pull request."""
        message, fix = self.texts(lang)
        level = "error" if self.severity == ERROR else "warning"
        text = f"{message} {strings(lang)['ui']['problem_fix']}: {fix}"
        line = f",line={self.line}" if self.line else ""
        return (f"::{level} file={_property(self.path)}{line},title={_property(self.field or self.code)}"
                f"::{_data(text)}")


def one_line(value: str) -> str:
    """Line breaks and other controls shown as \\n, \\x1b…: a value can never start a line of
    its own (a forged ::error:: workflow command, say)."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in value)


def _data(value: str) -> str:  # GitHub's escaping of a workflow command's message
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(value: str) -> str:  # … and of its properties (file=, title=)
    return _data(value).replace(":", "%3A").replace(",", "%2C")


def errors(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == ERROR]


def sort_key(p: Problem) -> tuple[object, ...]:
    return (p.path, p.line, p.field, p.code)


class ContentError(Exception):
    """Raised to stop a build: the content has errors."""

    def __init__(self, problems: list[Problem], lang: str = "zh"):
        self.problems = problems
        lines = [p.format(lang) for p in sorted(problems, key=sort_key)]
        summary = strings(lang)["ui"]["problems_summary"].format(count=len(problems))
        super().__init__("\n".join([summary, *lines]))
