#!/usr/bin/env python3
"""Lists the longest C++ functions under the given folders (no clang-tidy).

    scripts/function-sizes.py [--top N] [--over LINES] DIR...

A function is a brace block whose head (the text since the previous `;`,
`{` or `}`) has a parameter list and is not a control statement, a class,
a namespace, an initializer or a lambda; its length is the number of lines
from its head's first line to its closing brace. Lambdas and local classes
count toward the function that holds them. Exits 1 when --over is given
and some function is longer.
"""
import argparse
import os
import re
import sys

CONTROL = {"if", "for", "while", "switch", "catch", "else", "do", "try"}
TYPEWORDS = re.compile(r"\b(class|struct|union|namespace|enum)\b")


def strip(text):
    """Blanks comments, strings and character literals, keeping newlines."""
    out, i, n = [], 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i))
            i = j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append(re.sub(r"[^\n]", " ", text[i:j]))
            i = j
        elif text.startswith('R"', i) and (i == 0 or not text[i - 1].isalnum()):
            m = re.match(r'R"([^(]*)\(', text[i:])
            end = text.find(")" + m.group(1) + '"', i) if m else -1
            j = n if end < 0 else end + len(m.group(1)) + 2
            out.append(re.sub(r"[^\n]", " ", text[i:j]))
            i = j
        elif c in "\"'":
            j = i + 1
            while j < n and text[j] != c and text[j] != "\n":
                j += 2 if text[j] == "\\" else 1
            out.append(c + " " * (j - i - 1) + c)
            i = j + 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


def skip_macro_calls(head):
    """Drops the upper-case macro calls a head starts with (a list of
    RAVEL_REAL(...) lines before a function has no `;` between them)."""
    while True:
        m = re.match(r"\s*[A-Z][A-Z0-9_]*\s*\(", head)
        if not m:
            return head
        depth, i = 1, m.end()
        while i < len(head) and depth:
            depth += {"(": 1, ")": -1}.get(head[i], 0)
            i += 1
        rest = head[i:]
        if depth:
            return head
        head = rest


def is_function_head(head):
    h = " ".join(skip_macro_calls(head).split())
    if not h or "(" not in h or h.startswith("#"):
        return False
    first = re.match(r"[A-Za-z_]+", h)
    if first and first.group(0) in CONTROL:
        return False
    if TYPEWORDS.match(h) or h.endswith("=") or re.search(r"\]\s*\(", h):
        return False
    if re.search(r"=\s*\[", h):  # a lambda assigned to a variable
        return False
    name = h[:h.index("(")].split()
    return bool(name) and re.search(r"[\w~=<>!+\-*/\[\]]$", name[-1])


def functions(path):
    text = strip(open(path, errors="replace").read())
    line_of = [0] * (len(text) + 1)
    line = 1
    for i, c in enumerate(text):
        line_of[i] = line
        if c == "\n":
            line += 1
    stack, last_break = [], 0
    for i, c in enumerate(text):
        if c == "{":
            head = text[last_break:i]
            in_function = any(kind == "f" for kind, _, _ in stack)
            if not in_function and is_function_head(head):
                head = skip_macro_calls(head)
                start = i - len(head) + len(head) - len(head.lstrip())
                name = head[:head.index("(")].split()[-1]
                stack.append(("f", line_of[start], name))
            else:
                stack.append(("b", 0, ""))
            last_break = i + 1
        elif c == "}":
            if stack:
                kind, first, name = stack.pop()
                if kind == "f":
                    yield name, first, line_of[i] - first + 1
            last_break = i + 1
        elif c == ";":
            last_break = i + 1


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dirs", nargs="+")
    ap.add_argument("--top", type=int, default=15)
    ap.add_argument("--over", type=int, default=0)
    args = ap.parse_args()
    found = []
    for d in args.dirs:
        for root, _, files in os.walk(d):
            for f in files:
                if f.endswith((".cpp", ".h", ".inc")):
                    p = os.path.join(root, f)
                    found += [(n, p, first, name)
                              for name, first, n in functions(p)]
    found.sort(reverse=True)
    for n, p, first, name in found[:args.top]:
        print(f"{n:5d}  {p}:{first}  {name}")
    if args.over and found and found[0][0] > args.over:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
