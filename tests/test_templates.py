"""The template contract, checked without building: every `gk.…` a template reads exists.

Each page kind's template is walked (Jinja's own parser) with `gk` typed as
`views.PageContext` and `gk.view` as the return type of the kind's view (site/pages.py);
partials declare what they read in their first comment (`params: item: ItemView`). A typo, a
renamed field or a missing UI string fails here with the template and line. Every view field
must also be read by some template, so no view carries data nobody shows.
"""

from __future__ import annotations

import dataclasses
import re
import types
import typing
from pathlib import Path

import jinja2
import pytest
from jinja2 import nodes
from markupsafe import Markup

from gongkai.locales import strings
from gongkai.site import pages, views

ROOT = Path(__file__).resolve().parents[1]
OVERRIDES = ROOT / "overrides"
PARAMS = re.compile(r"params:\s*(.*?)\s*-?#\}", re.S)  # in the partial's first comment
UI = dict[str, str]


class Checker:
    def __init__(self) -> None:
        self.errors: list[str] = []
        self.read: set[tuple[type, str]] = set()
        self.env = jinja2.Environment(loader=jinja2.FileSystemLoader(OVERRIDES))
        self.ui_keys = set(strings("zh")["ui"])

    # --- types -----------------------------------------------------------------------------
    def attribute(self, owner: object, name: str, where: str) -> object:
        owner = _unwrap(owner)
        if owner == UI:
            if name not in self.ui_keys:
                self.errors.append(f"{where}: gk.ui.{name} is not in gongkai/locales/zh.yml")
            return str
        if isinstance(owner, type) and dataclasses.is_dataclass(owner):
            hints = typing.get_type_hints(owner)
            if name in hints:
                self.read.add((getattr(owner, "real", owner), name))
                return hints[name]
            prop = getattr(owner, name, None)
            if isinstance(prop, property):
                return typing.get_type_hints(prop.fget)["return"]
            self.errors.append(f"{where}: {owner.__name__} has no field {name!r}")
            return None
        if owner in (str, int, bool, Markup):
            if not hasattr(owner, name):
                self.errors.append(f"{where}: {getattr(owner, '__name__', owner)} has no {name!r}")
            return None
        if owner is object:
            self.errors.append(f"{where}: .{name} of a value whose type this template cannot know")
        return None

    def type_of(self, node: nodes.Node, scope: dict, where: str) -> object:
        if isinstance(node, nodes.Name):
            return scope.get(node.name)
        if isinstance(node, nodes.Getattr):
            owner = self.type_of(node.node, scope, where)
            return None if owner is None else self.attribute(owner, node.attr, f"{where}:{node.lineno}")
        if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str):
            owner = self.type_of(node.node, scope, where)
            return None if owner is None else self.attribute(owner, node.arg.value, f"{where}:{node.lineno}")
        if isinstance(node, nodes.CondExpr):
            return self.type_of(node.expr1, scope, where)
        return None

    # --- walking -----------------------------------------------------------------------------
    def walk(self, node: nodes.Node, scope: dict, where: str) -> None:
        if isinstance(node, nodes.For):
            self.walk(node.iter, scope, where)
            inner = dict(scope)
            element = _element(self.type_of(node.iter, scope, where))
            if isinstance(node.target, nodes.Name) and element is not None:
                inner[node.target.name] = element
            for child in [*node.body, *node.else_, *([node.test] if node.test else [])]:
                self.walk(child, inner, where)
            return
        if isinstance(node, nodes.Assign) and isinstance(node.target, nodes.Name):
            self.walk(node.node, scope, where)
            found = self.type_of(node.node, scope, where)
            if found is not None:
                scope[node.target.name] = found
            return
        if isinstance(node, nodes.Include) and isinstance(node.template, nodes.Const):
            for name, wanted in partial_params(node.template.value).items():
                if name != "gk" and scope.get(name) not in (wanted, None) and wanted is not bool:
                    self.errors.append(f"{where}:{node.lineno}: {node.template.value} wants {name}: "
                                       f"{wanted}, given {scope.get(name)}")
                elif name != "gk" and name not in scope and wanted is not bool:
                    self.errors.append(f"{where}:{node.lineno}: {node.template.value} needs {name!r}")
            return
        if isinstance(node, (nodes.Getattr, nodes.Getitem)):
            self.type_of(node, scope, where)
        for child in node.iter_child_nodes():
            self.walk(child, scope, where)

    def check(self, template: str, scope: dict) -> None:
        source = (OVERRIDES / template).read_text(encoding="utf-8")
        self.walk(self.env.parse(source), dict(scope), template)


def _unwrap(t: object) -> object:
    """X | None -> X."""
    if typing.get_origin(t) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(t) if a is not type(None)]
        return args[0] if len(args) == 1 else None
    return t


def _element(t: object) -> object:
    t = _unwrap(t)
    if typing.get_origin(t) in (tuple, list):
        return typing.get_args(t)[0]
    return None


def context_type(view: object) -> type:
    """PageContext with `view` of the given type."""
    typed = dataclasses.make_dataclass("PageContext", [
        (f.name, view if f.name == "view" else typing.get_type_hints(views.PageContext)[f.name])
        for f in dataclasses.fields(views.PageContext)])
    typed.real = views.PageContext  # type: ignore[attr-defined]  # reads count for the real class
    return typed


def partial_params(template: str) -> dict[str, object]:
    path = OVERRIDES / template
    if not path.is_file():  # one of Material's own partials
        return {}
    found = PARAMS.search(path.read_text(encoding="utf-8"))
    params: dict[str, object] = {}
    for part in (found.group(1).split(",") if found else []):
        name, _, type_name = (x.strip() for x in part.partition(":"))
        params[name] = {"bool": bool, "PageContext": views.PageContext}.get(type_name) or getattr(views, type_name)
    return params


def page_templates() -> dict[str, object]:
    """Template -> the type its `gk.view` has."""
    return {kind.template: typing.get_type_hints(kind.view, localns={"SiteBuild": object})["return"]
            for kind in pages.KINDS.values()}


def checked() -> Checker:
    checker = Checker()
    by_template = page_templates()
    for path in sorted(OVERRIDES.rglob("*.html")):
        template = path.relative_to(OVERRIDES).as_posix()
        if template in by_template:
            scope = {"gk": context_type(by_template[template])}
        elif template.startswith("partials/gk-"):
            scope = {name: t for name, t in partial_params(template).items()}
            scope["gk"] = context_type(object)
        else:  # main.html and Material partials we override: any page, so no view
            scope = {"gk": context_type(object)}
        checker.check(template, scope)
    return checker


def test_every_template_reads_only_what_its_view_has():
    checker = checked()
    assert checker.errors == []


def test_every_view_field_is_read_by_a_template():
    checker = checked()
    reachable: set[tuple[type, str]] = set()
    todo: list[object] = [views.PageContext, *page_templates().values()]
    while todo:
        t = _unwrap(todo.pop())
        t = _element(t) or t
        if isinstance(t, type) and dataclasses.is_dataclass(t):
            for name, hint in typing.get_type_hints(t).items():
                if (t, name) not in reachable:
                    reachable.add((t, name))
                    todo.append(hint)
    unread = {(t.__name__, name) for t, name in reachable - checker.read}
    unread -= {("PageContext", "view"),  # read as gk.view, typed per kind
               ("DocumentView", "jsonld")}  # read by views.page_context: gk.jsonld
    assert unread == set()


@pytest.mark.parametrize("bad, message", [
    ("{{ gk.view.titel }}", "DocumentView has no field 'titel'"),
    ("{% for item in gk.view.related %}{{ item.unitt }}{% endfor %}", "ItemView has no field 'unitt'"),
    ("{{ gk.ui.no_such_string }}", "gk.ui.no_such_string is not in"),
    ('{% include "partials/gk-signature.html" %}', "needs 'doc'"),
])
def test_the_checker_finds_a_broken_template(bad, message):
    checker = Checker()
    checker.walk(checker.env.parse(bad), {"gk": context_type(views.DocumentView)}, "t.html")
    assert any(message in e for e in checker.errors), checker.errors
