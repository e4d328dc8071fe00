"""Prints real Jinja2's parse of each line of stdin in AstPrinter's canonical form.

Expression mode (default): each input line is an expression, parsed as `{{ line }}`.
Template mode (--template): each input line is a JSON string holding a template; the output is a
JSON string. Add --trim-blocks / --lstrip-blocks for those environment settings (Ansible's templar
uses --trim-blocks). Failures print as "ERROR <lineno> <message>".
    python3 jinja_canonical.py < expressions.txt
    python3 jinja_canonical.py --template --trim-blocks < templates.jsonl
"""
import json
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


def body(statements):
    return "".join(stmt(s) for s in statements)


def stmt(n):
    t = type(n).__name__
    if t == "Output":
        return "".join(x.data if type(x).__name__ == "TemplateData" else "{{ " + p(x) + " }}" for x in n.nodes)
    if t == "If":
        out = "{% if " + p(n.test) + " %}" + body(n.body)
        for e in n.elif_:
            out += "{% elif " + p(e.test) + " %}" + body(e.body)
        if n.else_:
            out += "{% else %}" + body(n.else_)
        return out + "{% endif %}"
    if t == "For":
        out = "{% for " + p(n.target) + " in " + p(n.iter)
        if n.test is not None:
            out += " if " + p(n.test)
        if n.recursive:
            out += " recursive"
        out += " %}" + body(n.body)
        if n.else_:
            out += "{% else %}" + body(n.else_)
        return out + "{% endfor %}"
    if t == "Assign":
        return "{% set " + target(n.target) + " = " + p(n.node) + " %}"
    if t == "AssignBlock":
        f = "" if n.filter is None else " " + p(n.filter)
        return "{% set " + target(n.target) + f + " %}" + body(n.body) + "{% endset %}"
    raise ValueError(t)


def target(n):
    if type(n).__name__ == "NSRef":
        return f"{n.name}.{n.attr}"
    return p(n)


template_mode = "--template" in sys.argv
env = Environment(trim_blocks="--trim-blocks" in sys.argv, lstrip_blocks="--lstrip-blocks" in sys.argv)
for line in sys.stdin:
    try:
        if template_mode:
            print(json.dumps(body(env.parse(json.loads(line)).body), ensure_ascii=False))
        else:
            print(p(env.parse("{{ " + line.rstrip("\n") + " }}").body[0].nodes[0]))
    except Exception as e:  # noqa: BLE001 - every failure is reported as data
        print(f"ERROR {getattr(e, 'lineno', '?')} {e}")
