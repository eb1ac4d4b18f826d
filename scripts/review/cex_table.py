#!/usr/bin/env python3
"""Turn a TLC error trace into a short Markdown table of chosen variables.

Usage: cex_table.py TLC_OUTPUT VAR[,VAR...]
Reads TLC's "State N: <...>" blocks (each "/\\ var = value" line, values may span
lines), parses the TLA+ values (records, sets, sequences, functions, strings,
integers, booleans) and prints them compactly:
  mapping [va |-> 2, pa |-> 4]            -> 2→4
  MemView [mappings |-> S, memory |-> M]  -> {2→4}/pa{4}
  VmIoMemView [tag, mv]                   -> W{2→4} or R{...}
  VmIoOwner record                        -> w1[2,4)W{2→4}
  lastOp record                           -> ActivateWriter(1 v=2 l=2) Ok n=1
  Option {} / {x}                         -> None / x
Prints nothing (exit 0) when the output has no trace.
"""
import re
import sys


class P:
    def __init__(self, s):
        self.s, self.i = s, 0

    def ws(self):
        while self.i < len(self.s) and self.s[self.i] in " \t\r\n":
            self.i += 1

    def peek(self, t):
        self.ws()
        return self.s.startswith(t, self.i)

    def eat(self, t):
        self.ws()
        if not self.s.startswith(t, self.i):
            raise ValueError("expected %r at %d: %r" % (t, self.i, self.s[self.i:self.i + 30]))
        self.i += len(t)

    def value(self):
        self.ws()
        c = self.s[self.i]
        if self.peek("<<"):
            self.eat("<<")
            items = self.items(">>")
            return ("seq", items)
        if c == "{":
            self.eat("{")
            return ("set", self.items("}"))
        if c == "[":
            self.eat("[")
            fields = []
            if not self.peek("]"):
                while True:
                    self.ws()
                    m = re.compile(r"[A-Za-z_][A-Za-z0-9_]*").match(self.s, self.i)
                    self.i = m.end()
                    self.eat("|->")
                    fields.append((m.group(0), self.value()))
                    if self.peek(","):
                        self.eat(",")
                        continue
                    break
            self.eat("]")
            return ("rec", fields)
        if c == "(":
            # function: (k :> v @@ k :> v)
            self.eat("(")
            pairs = []
            while True:
                k = self.value()
                self.eat(":>")
                v = self.value()
                pairs.append((k, v))
                if self.peek("@@"):
                    self.eat("@@")
                    continue
                break
            self.eat(")")
            return ("fun", pairs)
        if c == '"':
            j = self.s.index('"', self.i + 1)
            v = self.s[self.i + 1:j]
            self.i = j + 1
            return ("str", v)
        m = re.compile(r"-?\d+|TRUE|FALSE|[A-Za-z_][A-Za-z0-9_]*").match(self.s, self.i)
        self.i = m.end()
        return ("atom", m.group(0))

    def items(self, close):
        out = []
        if self.peek(close):
            self.eat(close)
            return out
        while True:
            out.append(self.value())
            if self.peek(","):
                self.eat(",")
                continue
            break
        self.eat(close)
        return out


def keys(v):
    return sorted(k for k, _ in v[1]) if v[0] == "rec" else []


def f(v):
    t = v[0]
    if t == "atom":
        return v[1]
    if t == "str":
        return v[1]
    if t == "seq":
        return "⟨" + ", ".join(f(x) for x in v[1]) + "⟩"
    if t == "fun":
        return ", ".join("%s:%s" % (f(k), f(x)) for k, x in v[1])
    if t == "set":
        if len(v[1]) == 1 and v[1][0][0] == "rec" and "va" not in keys(v[1][0]):
            return f(v[1][0])  # Option Some(x)
        if not v[1]:
            return "∅"
        return "{" + ",".join(f(x) for x in v[1]) + "}"
    d = dict(v[1])
    k = keys(v)
    if k == ["pa", "va"]:
        return "%s→%s" % (f(d["va"]), f(d["pa"]))
    if k == ["mappings", "memory"]:
        return "%s/pa%s" % (f(d["mappings"]), f(d["memory"]))
    if k == ["mv", "tag"]:
        mv = dict(d["mv"][1])
        return "%s%s" % (d["tag"][1][0], f(mv["mappings"]))
    if "kind" in d and "view" in d:
        view = "" if not d["view"][1] else f(d["view"])
        return "%s%s[%s,%s)%s" % (d["kind"][1][0], f(d["id"]), f(d["start"]), f(d["end"]), view)
    if k == ["id", "l", "n", "op", "out", "v"]:
        return "%s(%s v=%s l=%s) %s n=%s" % (f(d["op"]), f(d["id"]), f(d["v"]), f(d["l"]),
                                            f(d["out"]), f(d["n"]))
    if k == ["kind"]:
        return f(d["kind"])
    if k == ["end", "kind", "start"]:
        return "Range[%s,%s)" % (f(d["start"]), f(d["end"]))
    if k == ["kind", "va"]:
        return "Address(%s)" % f(d["va"])
    return "[" + ", ".join("%s=%s" % (a, f(b)) for a, b in v[1]) + "]"


def states(text):
    # A violation by an initial state (static models) prints one state without a header.
    text = re.sub(r"is violated by the initial state:\n", "\nState 1: <initial state>\n", text)
    blocks = re.split(r"\nState (\d+): [^\n]*\n", "\n" + text)
    out = []
    for n, body in zip(blocks[1::2], blocks[2::2]):
        body = body.split("\n\n")[0]
        vs = {}
        for part in re.split(r"(?m)^/\\ ", body):
            part = part.strip()
            if not part or " = " not in part:
                continue
            name, val = part.split(" = ", 1)
            vs[name.strip()] = val
        out.append((int(n), vs))
    return out


def main():
    text = open(sys.argv[1]).read()
    cols = sys.argv[2].split(",")
    sts = states(text)
    if not sts:
        return
    print("| state | " + " | ".join(cols) + " |")
    print("|---|" + "---|" * len(cols))
    prev = {}
    for n, vs in sts:
        cells = []
        for c in cols:
            raw = vs.get(c)
            cell = "?" if raw is None else f(P(raw).value())
            cells.append(cell.replace("|", "\\|"))
        print("| %d | %s |" % (n, " | ".join(cells)))


if __name__ == "__main__":
    main()
