#!/usr/bin/env python3
"""Record the expected values of the Jinja evaluation tables with real Ansible.

Reads the [InlineData(...)] rows of PythonOpsTests.cs, FilterTests.cs and TestTests.cs beside this
file, evaluates each row's expression in one local playbook run by `ansible-playbook` (ansible-core
2.14.18 was used), and prints the rows whose recorded value differs from the table. With --write it
rewrites each row's last two arguments (expected JSON, Python type) with what Ansible produced.

Each variable is bound inside the template with `{% set x = src | from_json %}` (or from_yaml when
the text is not JSON), so values keep their Python types; the result is reported through
`to_json` and `type_debug`. Rows whose type is `unknown` are VarTrace-only and are skipped.
"""
import json
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
FILES = ("PythonOpsTests.cs", "FilterTests.cs", "TestTests.cs")
ROW = re.compile(r'^(?P<indent>\s*)\[InlineData\((?P<args>.*)\)\]\s*$')
STRING = re.compile(r'"((?:[^"\\]|\\.)*)"')


def cs_unescape(text):
    return re.sub(r'\\(.)', lambda m: {'n': '\n', 't': '\t', '"': '"', '\\': '\\', '0': '\0'}.get(m.group(1), '\\' + m.group(1)), text)


def cs_escape(text):
    return text.replace('\\', '\\\\').replace('"', '\\"').replace('\n', '\\n').replace('\t', '\\t')


def rows(path, kind):
    with open(path, encoding='utf-8') as handle:
        lines = handle.read().split('\n')
    for number, line in enumerate(lines):
        match = ROW.match(line)
        if not match:
            continue
        args = [cs_unescape(s) for s in STRING.findall(match.group('args'))]
        if len(args) != (5 if kind == "PythonOpsTests.cs" else 4):
            continue
        if kind == "PythonOpsTests.cs":
            a, b, expression, expected, type_ = args
            variables = {"a": a, "b": b}
        else:
            x, call, expected, type_ = args
            variables = {"x": x}
            expression = FILTERS_OR_TESTS[kind].format(x="x", e=call)
        yield number, lines, variables, expression, expected, type_


FILTERS_OR_TESTS = {"FilterTests.cs": "x | {e}", "TestTests.cs": "x is {e}"}


def template(variables, expression):
    prefix = ""
    for name, text in variables.items():
        if text == "<undefined>":
            continue
        try:
            json.loads(text)
            loader = "from_json"
        except ValueError:
            loader = "from_yaml"
        prefix += "{%% set %s = %s_src | %s %%}" % (name, name, loader)
    return prefix + "R={{ {'v': (%s), 't': ((%s) | type_debug)} | to_json }}" % (expression, expression)


def error_text(result):
    message = result.get("msg", "")
    if not message and result.get("exception"):
        # An exception Ansible does not wrap (ZeroDivisionError, ...) only shows in the traceback.
        return result["exception"].strip().split("\n")[-1].split(": ", 1)[-1]
    message = message.split("\n\nThe error appears to be")[0]
    for marker in ("The error was: ", "Unexpected templating type error occurred on (", "Unexpected failure during module execution"):
        if marker in message:
            message = message.split(marker, 1)[1]
            if marker.endswith("("):
                message = message.split("): ", 1)[1]
    return message.split(". ")[0].split("\n")[0].strip()


def main():
    write = "--write" in sys.argv
    only = sys.argv[sys.argv.index("--only") + 1] if "--only" in sys.argv else None
    verbose = "--verbose" in sys.argv
    tasks, index = [], []
    for name in FILES:
        path = os.path.join(HERE, name)
        for number, lines, variables, expression, expected, type_ in rows(path, name):
            if type_ == "unknown" or (only and only not in expression):
                continue
            task_vars = {n + "_src": t for n, t in variables.items() if t != "<undefined>"}
            tasks.append({"name": "%s:%d" % (name, number), "debug": {"msg": template(variables, expression)},
                          "vars": task_vars, "ignore_errors": True})
            index.append((name, number, expected, type_))
    play = [{"hosts": "localhost", "connection": "local", "gather_facts": False, "tasks": tasks}]
    with tempfile.TemporaryDirectory() as work:
        playbook = os.path.join(work, "play.json")
        with open(playbook, "w", encoding="utf-8") as handle:
            json.dump(play, handle)
        env = dict(os.environ, ANSIBLE_STDOUT_CALLBACK="json", ANSIBLE_LOCALHOST_WARNING="false",
                   ANSIBLE_INVENTORY_UNPARSED_WARNING="false", ANSIBLE_DEPRECATION_WARNINGS="false")
        out = subprocess.run(["ansible-playbook", "-i", "localhost,", playbook], env=env, capture_output=True, text=True).stdout
    results = json.loads(out[out.index("{"):])["plays"][0]["tasks"]
    edits = {}
    mismatches = 0
    for task, (name, number, expected, type_) in zip(results, index):
        result = task["hosts"]["localhost"]
        if result.get("failed"):
            got_expected, got_type = error_text(result), "error"
            if verbose:
                print(repr(result.get("msg", "")))
        else:
            value = json.loads(result["msg"][2:])
            got_expected, got_type = json.dumps(value["v"]), value["t"]
        if got_type in ("AnsibleUnicode", "AnsibleUnsafeText", "NativeJinjaText"):
            got_type = "str"
        if (got_expected, got_type) != (expected, type_):
            mismatches += 1
            print("%s:%d recorded %s %r (table: %s %r)" % (name, number + 1, got_type, got_expected, type_, expected))
        edits.setdefault(name, {})[number] = (got_expected, got_type)
    print("%d rows, %d differ from the tables" % (len(index), mismatches))
    if write:
        for name, changes in edits.items():
            path = os.path.join(HERE, name)
            with open(path, encoding="utf-8") as handle:
                lines = handle.read().split("\n")
            for number, (got_expected, got_type) in changes.items():
                match = ROW.match(lines[number])
                args = STRING.findall(match.group("args"))[:-2] + [cs_escape(got_expected), cs_escape(got_type)]
                lines[number] = "%s[InlineData(%s)]" % (match.group("indent"), ", ".join('"%s"' % a for a in args))
            with open(path, "w", encoding="utf-8") as handle:
                handle.write("\n".join(lines))


if __name__ == "__main__":
    main()
