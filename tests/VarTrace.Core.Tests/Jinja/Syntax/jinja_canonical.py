"""Prints real Jinja2's parse of each line of stdin in AstPrinter's canonical form.

Each input line is a template; each output line is the canonical text, or "ERROR <lineno> <message>".
Used to check the expectations of the C# precedence tests against the installed Jinja2:
    python3 jinja_canonical.py < expressions.txt
"""
import sys

from jinja2 import Environment, nodes

BIN = {"Add": "+", "Sub": "-", "Mul": "*", "Div": "/", "FloorDiv": "//", "Mod": "%", "Pow": "**", "And": "and", "Or": "or"}
CMP = {"eq": "==", "ne": "!=", "lt": "<", "lteq": "<=", "gt": ">", "gteq": ">=", "in": "in", "notin": "not in"}


def args(n):
    parts = [p(a) for a in n.args] + [f"{k.key}={p(k.value)}" for k in n.kwargs]
    if n.dyn_args is not None:
        parts.append("*" + p(n.dyn_args))
    if n.dyn_kwargs is not None:
        parts.append("**" + p(n.dyn_kwargs))
    return ", ".join(parts)


def suffix(n):
    a = args(n)
    return f"({a})" if a else ""


def p(n):
    t = type(n).__name__
    if t == "Name":
        return n.name
    if t == "Const":
        if isinstance(n.value, bool) or n.value is None:
            return repr(n.value)
        return repr(n.value)
    if t in BIN:
        return f"({p(n.left)} {BIN[t]} {p(n.right)})"
    if t == "Concat":
        out = p(n.nodes[0])
        for x in n.nodes[1:]:
            out = f"({out} ~ {p(x)})"
        return out
    if t == "Not":
        return f"(not {p(n.node)})"
    if t == "Neg":
        return f"(-{p(n.node)})"
    if t == "Pos":
        return f"(+{p(n.node)})"
    if t == "Compare":
        return "(" + p(n.expr) + "".join(f" {CMP[o.op]} {p(o.expr)}" for o in n.ops) + ")"
    if t == "CondExpr":
        if n.expr2 is None:
            return f"({p(n.expr1)} if {p(n.test)})"
        return f"({p(n.expr1)} if {p(n.test)} else {p(n.expr2)})"
    if t == "Getattr":
        return f"{p(n.node)}.{n.attr}"
    if t == "Getitem":
        return f"{p(n.node)}[{p(n.arg)}]"
    if t == "Slice":
        s = f"{'' if n.start is None else p(n.start)}:{'' if n.stop is None else p(n.stop)}"
        return s + ("" if n.step is None else ":" + p(n.step))
    if t == "Call":
        return f"{p(n.node)}({args(n)})"
    if t == "Filter":
        operand = "" if n.node is None else p(n.node) + " "
        return f"({operand}| {n.name}{suffix(n)})"
    if t == "Test":
        return f"({p(n.node)} is {n.name}{suffix(n)})"
    if t == "List":
        return "[" + ", ".join(p(x) for x in n.items) + "]"
    if t == "Tuple":
        if len(n.items) == 1:
            return f"({p(n.items[0])},)"
        return "(" + ", ".join(p(x) for x in n.items) + ")"
    if t == "Dict":
        return "{" + ", ".join(f"{p(i.key)}: {p(i.value)}" for i in n.items) + "}"
    raise ValueError(t)


env = Environment()
for line in sys.stdin:
    source = line.rstrip("\n")
    try:
        out = env.parse("{{ " + source + " }}").body[0].nodes[0]
        print(p(out))
    except Exception as e:  # noqa: BLE001 - every failure is reported as data
        print(f"ERROR {getattr(e, 'lineno', '?')} {e}")
