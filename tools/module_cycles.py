#!/usr/bin/env python3
"""Fails when two modules of a crate depend on each other.

Reads every `crate::a::b` and `super::` path of the crates given (in
`use` lines, grouped ones expanded, and in code), builds the graph of
modules, and
reports each strongly connected group of more than one module. A module
depends on its own descendants freely (a parent `mod.rs` declares and
re-exports its children); what is checked is that no module depends on a
module that depends back on it, and that no child reaches up into its
parent's siblings in a loop.

Usage: tools/module_cycles.py <crate src dir>...
"""
import re
import sys
from pathlib import Path

PATH = re.compile(r"\b(crate|super)((?:::[a-z_][a-z0-9_]*)+)")


def module_of(src: Path, file: Path) -> tuple:
    parts = list(file.relative_to(src).with_suffix("").parts)
    if parts[-1] in ("mod", "lib", "main"):
        parts.pop()
    return tuple(parts)


USE = re.compile(r"\buse\s+([^;]+);")


def expand(tree: str) -> list:
    """`a::{b, c::{d, e}}` -> [`a::b`, `a::c::d`, `a::c::e`]."""
    tree = re.sub(r"\s+", "", tree)
    start = tree.find("{")
    if start < 0:
        return [tree]
    prefix, depth, parts, current = tree[:start], 0, [], ""
    for ch in tree[start + 1 : tree.rindex("}")]:
        if ch == "," and depth == 0:
            parts.append(current)
            current = ""
            continue
        depth += ch == "{"
        depth -= ch == "}"
        current += ch
    parts.append(current)
    return [p for part in parts if part for p in expand(prefix + part)]


def use_paths(text: str) -> str:
    """Every `use` line written as one path per line, so that grouped
    imports (`use super::{a, b};`) are seen like single ones."""
    return USE.sub(lambda m: "\n".join(expand(m.group(1))), text)


def strip_comments(text: str) -> str:
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    return "\n".join(line.split("//")[0] for line in text.splitlines())


def target(modules: set, base: tuple, segments: list) -> tuple | None:
    """The longest known module that the path names."""
    best = None
    path = list(base)
    for seg in segments:
        path.append(seg)
        if tuple(path) in modules:
            best = tuple(path)
    return best


def cycles(src: Path) -> list:
    files = [f for f in src.rglob("*.rs")]
    modules = {module_of(src, f) for f in files}
    edges: dict = {m: set() for m in modules}
    for f in files:
        me = module_of(src, f)
        text = use_paths(strip_comments(f.read_text()))
        # Test modules may reach anywhere.
        text = text.split("#[cfg(test)]")[0]
        for kind, rest in PATH.findall(text):
            segments = [s for s in rest.split("::") if s]
            if kind == "crate":
                base = ()
            else:
                base = me[:-1] if not f.name == "mod.rs" else me[:-1]
                while segments and segments[0] == "super":
                    segments.pop(0)
                    base = base[:-1]
            t = target(modules, base, segments)
            if t is None or t == me:
                continue
            # A parent may use its own children, and a child its ancestors'
            # items only through this same graph.
            if t[: len(me)] == me:
                continue
            edges[me].add(t)
    # Tarjan's strongly connected components.
    index, low, stack, on, out = {}, {}, [], set(), []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in edges[v]:
            # An edge into an ancestor counts as one into that module.
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                out.append(sorted(group))

    sys.setrecursionlimit(10000)
    for v in sorted(modules):
        if v not in index:
            visit(v)
    return out


def main() -> int:
    failed = False
    for arg in sys.argv[1:]:
        for group in cycles(Path(arg)):
            failed = True
            names = ", ".join("::".join(m) or "(root)" for m in group)
            print(f"{arg}: modules depend on each other: {names}")
    if not failed:
        print("module cycles: none in " + " ".join(sys.argv[1:]))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
