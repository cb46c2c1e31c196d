#!/usr/bin/env python3
"""Regenerates KubeSchemaData.java from the Kubernetes sources of one release.

The Java protobuf classes of io.kubernetes:client-java-proto 22.0.1 were generated from an older
Kubernetes (about 1.30) and lack some API groups, so the decoder patches their descriptors with the
differences to the release below, and it needs what protobuf descriptors do not carry: Go's JSON
encoding (pointer fields, omitempty, inline structs, JSON names) and which types are kinds.

usage: gen_schema.py <kubernetes/api git dir> <kubernetes/apimachinery git dir> <tag> <client-java-proto fields dump> > KubeSchemaData.java
The dump has a line `<message>` per message and `<message> <number> <name> <label> <type>` per field of
the library's descriptors; LibraryDump (a main in the same test folder) prints it.
"""
import re, subprocess, sys

GROUPS = ["core/v1", "apps/v1", "authentication/v1", "authorization/v1", "autoscaling/v1", "autoscaling/v2", "batch/v1",
          "certificates/v1", "coordination/v1", "discovery/v1", "events/v1", "networking/v1", "node/v1",
          "policy/v1", "rbac/v1", "scheduling/v1", "storage/v1", "admissionregistration/v1", "flowcontrol/v1"]
MACHINERY = ["pkg/apis/meta/v1", "pkg/runtime", "pkg/util/intstr", "pkg/api/resource"]
SCALARS = {"string", "int32", "int64", "bool", "bytes", "double", "float", "uint32", "uint64", "sint32", "sint64",
           "fixed32", "fixed64", "sfixed32", "sfixed64"}

def git_show(repo, tag, path):
    return subprocess.run(["git", "-C", repo, "show", f"{tag}:{path}"], capture_output=True, text=True, check=True).stdout

def git_ls(repo, tag, d):
    return subprocess.run(["git", "-C", repo, "ls-tree", "--name-only", f"{tag}:{d}"], capture_output=True, text=True,
                          check=True).stdout.split()

def parse_proto(text):
    """{message full name: [(number, name, label, type)]} with message types fully qualified."""
    pkg = re.search(r"^package\s+([\w.]+);", text, re.M).group(1)
    msgs, cur = {}, None
    for line in text.splitlines():
        s = line.split("//")[0].strip()
        m = re.match(r"message\s+(\w+)\s*\{", s)
        if m:
            cur = pkg + "." + m.group(1); msgs[cur] = []; continue
        if s == "}":
            cur = None; continue
        if not cur or not s or s.startswith("option ") or s.startswith("reserved"):
            continue
        m = re.match(r"(optional|repeated)\s+([\w.]+)\s+(\w+)\s*=\s*(\d+)", s)
        if m:
            msgs[cur].append((int(m.group(4)), m.group(3), m.group(1), qualify(m.group(2), pkg))); continue
        m = re.match(r"map<\s*(\w+)\s*,\s*([\w.]+)\s*>\s+(\w+)\s*=\s*(\d+)", s)
        if m:
            msgs[cur].append((int(m.group(4)), m.group(3), "map", m.group(1) + "," + qualify(m.group(2), pkg))); continue
        raise SystemExit(f"cannot parse {cur}: {s}")
    return pkg, msgs

def qualify(t, pkg):
    if t in SCALARS: return t
    if t.startswith("."): return t[1:]
    return pkg + "." + t

def simple(t): return ",".join(x.split(".")[-1] for x in t.split(","))

def lower_first(s): return s[0].lower() + s[1:]

def parse_go(text, pkg, fields, kinds):
    for m in re.finditer(r"^type (\w+) struct \{\n(.*?)^\}", text, re.M | re.S):
        name, body = m.group(1), m.group(2)
        msg = pkg + "." + name
        body = re.sub(r"/\*.*?\*/", "", body, flags=re.S)
        for line in body.splitlines():
            s = line.strip()
            if not s or s.startswith("//"): continue
            tm = re.search(r"`(.*)`", s)
            if not tm: continue
            tags = tm.group(1); decl = s[:tm.start()].split()
            gtype = decl[-1]
            j = re.search(r'json:"([^"]*)"', tags); p = re.search(r'protobuf:"([^"]*)"', tags)
            jparts = (j.group(1) if j else "").split(",")
            inline = "inline" in jparts[1:]
            if inline and gtype.split(".")[-1] == "TypeMeta":
                kinds.add(msg); continue
            if not p or p.group(1) == "-": continue
            pp = p.group(1).split(",")
            pname = next((x[5:] for x in pp if x.startswith("name=")), None) or lower_first(gtype.lstrip("*").split(".")[-1])
            fields.append((msg, pname, jparts[0], gtype.startswith("*"), "omitempty" in jparts[1:], inline))

def main():
    api, machinery, tag, libdump = sys.argv[1:5]
    upstream, files = {}, {}
    for g in GROUPS:
        pkg, msgs = parse_proto(git_show(api, tag, g + "/generated.proto")); upstream.update(msgs); files[pkg] = sorted(msgs)
    for d in MACHINERY:
        pkg, msgs = parse_proto(git_show(machinery, tag, d + "/generated.proto")); upstream.update(msgs); files[pkg] = sorted(msgs)
    lib = {}
    for line in open(libdump):
        parts = line.split()
        if len(parts) == 1:  # a message (listed even without fields)
            lib.setdefault(parts[0], []); continue
        msg, num, name, label, typ = parts
        lib.setdefault(msg, []).append((int(num), name, label, typ))
    lib_pkgs = {m.rsplit(".", 1)[0] for m in lib}

    patch = []
    for msg in sorted(upstream):
        pkg = msg.rsplit(".", 1)[0]
        have = {f[0]: f for f in lib.get(msg, [])}
        want = {f[0]: f for f in upstream[msg]}
        if msg not in lib:
            patch.append(("+", msg, None))
        for num in sorted(want):
            if num not in have:
                patch.append(("f", msg, want[num]))
            elif have[num][1:3] != want[num][1:3] or simple(have[num][3]) != simple(want[num][3]):
                raise SystemExit(f"field {num} of {msg} differs: {have[num]} vs {want[num]}")
        for num in sorted(have):
            if num not in want and msg in upstream:
                patch.append(("-", msg, have[num]))

    gofields, kinds = [], set()
    for g in GROUPS:
        pkg = "k8s.io.api." + g.replace("/", ".")
        for f in git_ls(api, tag, g):
            if f.endswith(".go") and not f.endswith("_test.go") and not f.startswith("zz_generated") and f != "generated.pb.go":
                parse_go(git_show(api, tag, g + "/" + f), pkg, gofields, kinds)
    for d in MACHINERY:
        pkg = "k8s.io.apimachinery." + d.replace("/", ".")
        for f in git_ls(machinery, tag, d):
            if f.endswith(".go") and not f.endswith("_test.go") and not f.startswith("zz_generated") and f != "generated.pb.go":
                parse_go(git_show(machinery, tag, d + "/" + f), pkg, gofields, kinds)

    # Go semantics per message, only for fields that exist in the protobuf schema
    per_msg = {}
    seen = set()
    for msg, pname, jname, ptr, omit, inline in gofields:
        if msg not in upstream or pname not in {f[1] for f in upstream[msg]}:
            continue
        if (msg, pname) in seen: raise SystemExit(f"duplicate {msg}.{pname}")
        seen.add((msg, pname))
        flags = ("P" if ptr else "") + ("I" if inline else "") + ("R" if not ptr and not omit and not inline else "")
        if not inline and jname != pname: flags += "=" + jname
        if flags: per_msg.setdefault(msg, []).append(pname + ":" + flags)
    missing = [(m, f[1]) for m in upstream for f in upstream[m] if (m, f[1]) not in seen]
    kind_msgs = sorted(k for k in kinds if k in upstream and not (k.endswith("List") and any(f[1] == "items" for f in upstream[k])))

    def short(m): return m[len("k8s.io."):]
    out = []
    out.append("package io.capstan.apiserver.protobuf;\n")
    out.append("/**\n * GENERATED by gen_schema.py (in the test sources of this package) from kubernetes/api and\n"
               f" * kubernetes/apimachinery {tag}. Do not edit by hand.\n */")
    out.append("final class KubeSchemaData {\n  private KubeSchemaData() {}\n")
    out.append(f"  /** The Kubernetes release the data describes. */\n  static final String RELEASE = \"{tag}\";\n")
    out.append("  /**\n   * Differences between the descriptors of client-java-proto and this release, one field a line:\n"
               "   * {@code + message} adds a message, {@code f message number name label type} adds a field\n"
               "   * (label optional, repeated or map; a map's type is {@code key,value}), {@code - message name}\n"
               "   * removes one. Names are relative to {@code k8s.io.}.\n   */")
    lines = []
    for op, msg, f in patch:
        if op == "+": lines.append(f"+ {short(msg)}")
        elif op == "f":
            num, name, label, typ = f
            typ = ",".join(short(t) if t.startswith("k8s.io.") else t for t in typ.split(","))
            lines.append(f"f {short(msg)} {num} {name} {label} {typ}")
        else: lines.append(f"- {short(msg)} {f[1]}")
    out.append(text_block("PATCH", lines))
    out.append("  /**\n   * Go's JSON encoding of each message whose fields are not all plain {@code omitempty} values:\n"
               "   * {@code field:flags} with P = pointer (present means set, zero values included), R = no\n"
               "   * omitempty (always written), I = inline (its fields are merged into the parent),\n"
               "   * {@code =name} = the JSON name differs from the protobuf name.\n   */")
    lines = [short(m) + " " + " ".join(per_msg[m]) for m in sorted(per_msg)]
    out.append(text_block("GO_FIELDS", lines))
    out.append("  /** Messages whose Go type embeds TypeMeta: the kinds (lists left out). */")
    out.append(text_block("KINDS", [short(k) for k in kind_msgs]))
    out.append("}")
    print("\n".join(out))
    for m, f in missing: print(f"note: no Go field for {m}.{f}", file=sys.stderr)
    print(f"patch lines {len(patch)}, go messages {len(per_msg)}, kinds {len(kind_msgs)}", file=sys.stderr)

def text_block(name, lines):
    body = "\n".join("      " + l for l in lines)
    if len(body.encode()) >= 60000: sys.stderr.write("\n".join(lines[:20])); raise SystemExit(name)
    return f"  static final String {name} = \"\"\"\n{body}\n      \"\"\";\n"

if __name__ == "__main__":
    main()
