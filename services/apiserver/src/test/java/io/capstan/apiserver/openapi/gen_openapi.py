#!/usr/bin/env python3
"""Regenerates kube-schemas.json (OpenAPI v3 component schemas of the built-in Kubernetes types).

Kubernetes builds its OpenAPI from the Go API types with kube-openapi's openapi-gen: descriptions
are the Go doc comments, `+listType`/`+listMapKey`/`+patchStrategy`/`+patchMergeKey`/`+mapType`/
`+structType` markers become x-kubernetes-* extensions, `+enum` string types contribute `enum` and a
"Possible enum values" paragraph, `+optional`/omitempty decide `required`, and non-pointer,
non-omitempty fields get their zero value as `default`. This script repeats those rules (from
kube-openapi's pkg/generators at the version the release pins) over the Go sources, and applies the
v3 builder's wrapping of `$ref`s that have siblings into `allOf`, so the output matches the
components of the release's /openapi/v3 documents schema for schema.

usage: gen_openapi.py <kubernetes/api git dir> <kubernetes/apimachinery git dir>
                      <kubernetes/apiextensions-apiserver git dir> <tag> > kube-schemas.json
The output holds {"release", "groupVersions": {apiVersion: schema name prefix}, "schemas": {...}},
one schema a line.
"""
import json, re, subprocess, sys

API_PACKAGES = ["core/v1", "apps/v1", "authentication/v1", "authorization/v1", "autoscaling/v1", "autoscaling/v2",
                "batch/v1", "certificates/v1", "coordination/v1", "discovery/v1", "events/v1", "networking/v1",
                "node/v1", "policy/v1", "rbac/v1", "scheduling/v1", "storage/v1", "admissionregistration/v1",
                "flowcontrol/v1"]
MACHINERY_PACKAGES = {"pkg/apis/meta/v1": None, "pkg/runtime": ["types.go", "extension.go"], "pkg/util/intstr": None,
                      "pkg/api/resource": None, "pkg/types": None, "pkg/version": None}
EXTENSIONS_PACKAGES = ["pkg/apis/apiextensions/v1"]
# Roots beyond the API packages' own structs: what every group-version document refers to.
META_ROOTS = ["DeleteOptions", "Status", "WatchEvent", "Patch", "APIResourceList", "APIGroup", "APIGroupList",
              "APIVersions", "CreateOptions", "UpdateOptions", "PatchOptions", "ListOptions", "GetOptions"]

# kube-openapi's common.schemaTypeFormatMap: Go type -> (type, format, zero value)
SIMPLE = {"uint": ("integer", "int32", 0), "uint8": ("integer", "byte", 0), "uint16": ("integer", "int32", 0),
          "uint32": ("integer", "int64", 0), "uint64": ("integer", "int64", 0), "int": ("integer", "int32", 0),
          "int8": ("integer", "byte", 0), "int16": ("integer", "int32", 0), "int32": ("integer", "int32", 0),
          "int64": ("integer", "int64", 0), "byte": ("integer", "byte", 0), "float64": ("number", "double", 0),
          "float32": ("number", "float", 0), "bool": ("boolean", "", False), "time.Time": ("string", "date-time", ""),
          "string": ("string", "", ""), "[]byte": ("string", "byte", ""), "interface{}": ("object", "", None)}
BUILTINS = set(SIMPLE) | {"error", "rune", "uintptr", "complex64", "complex128"}
EXT_TAGS = {"patchMergeKey": ("x-kubernetes-patch-merge-key", False), "patchStrategy": ("x-kubernetes-patch-strategy", False),
            "listMapKey": ("x-kubernetes-list-map-keys", True), "listType": ("x-kubernetes-list-type", False),
            "mapType": ("x-kubernetes-map-type", False), "structType": ("x-kubernetes-map-type", False),
            "validations": ("x-kubernetes-validations", False)}


def git(repo, *args):
    return subprocess.run(["git", "-C", repo, *args], capture_output=True, text=True, check=True).stdout


def schema_prefix(pkg):
    """k8s.io/api/apps/v1 -> io.k8s.api.apps.v1 (kube-openapi's reverse-domain friendly name)."""
    head, _, rest = pkg.partition("/")
    return ".".join(reversed(head.split("."))) + "." + rest.replace("/", ".")


# ---------------------------------------------------------------- Go comments (go/ast CommentGroup.Text)

def is_directive(c):
    return c.startswith(("line ", "extern ", "export ")) or re.match(r"[a-z0-9]+:[a-z0-9]", c) is not None


def comment_text(raw):
    """Lines of a // comment group as gengo sees them: markers and one space stripped, directives
    dropped, trailing space trimmed, blank lines collapsed, leading/trailing blank lines removed."""
    lines = []
    for r in raw:
        c = r.strip()[2:]
        if c.startswith(" "):
            c = c[1:]
        elif c and is_directive(c):
            continue
        lines.append(c.rstrip())
    out = []
    for l in lines:
        if l == "" and (not out or out[-1] == ""):
            continue
        out.append(l)
    while out and out[-1] == "":
        out.pop()
    return out


def comment_tags(lines):
    """gengo.ExtractCommentTags("+", lines)."""
    tags = {}
    for l in lines:
        l = l.strip(" ")
        if not l.startswith("+"):
            continue
        k, eq, v = l[1:].partition("=")
        tags.setdefault(k, []).append(v if eq else "")
    return tags


def description(lines):
    """kube-openapi generateDescription."""
    buf = ""
    for line in lines:
        if line == "---":
            break
        line = line.rstrip(" ")
        leading = line.lstrip(" ")
        if not line:
            buf = buf[:-1] + "\n\n"
        elif leading.startswith("TODO") or leading.startswith("+"):
            continue
        elif line.startswith((" ", "\t")):
            buf = buf[:-1] + "\n" + line + "\n"
        else:
            buf += line + " "
    return buf.strip()


# ---------------------------------------------------------------- Go type expressions

def parse_type(expr, pkg, imports):
    expr = expr.strip()
    if expr.startswith("*"):
        return ("ptr", parse_type(expr[1:], pkg, imports))
    if expr == "[]byte":
        return ("builtin", "[]byte")
    if expr.startswith("[]"):
        return ("slice", parse_type(expr[2:], pkg, imports))
    if expr.startswith("map["):
        depth, i = 0, 3
        while True:
            if expr[i] == "[": depth += 1
            elif expr[i] == "]":
                depth -= 1
                if depth == 0: break
            i += 1
        return ("map", parse_type(expr[4:i], pkg, imports), parse_type(expr[i + 1:], pkg, imports))
    if expr in ("interface{}", "any"):
        return ("builtin", "interface{}")
    if "." in expr:
        alias, name = expr.split(".", 1)
        if alias not in imports:
            raise ValueError(f"unknown import {alias} in {pkg}")
        path = imports[alias]
        return ("builtin", "time.Time") if (path, name) == ("time", "Time") else ("named", path, name)
    if expr in BUILTINS:
        return ("builtin", expr)
    return ("named", pkg, expr)


def type_string(t):
    if t[0] == "builtin": return t[1]
    if t[0] == "named": return t[1] + "." + t[2]
    return None


# ---------------------------------------------------------------- a package's declarations

class Universe:
    def __init__(self):
        self.types = {}     # (pkg, name) -> dict(kind=struct|alias, comments, members|underlying, methods)
        self.consts = []    # (pkg, type expr, name, value, comment lines, imports)
        self.groups = {}    # pkg -> group name

    def parse_file(self, pkg, text):
        imports = {}
        for m in re.finditer(r"^import\s*\((.*?)^\)", text, re.M | re.S):
            for line in m.group(1).splitlines():
                im = re.match(r'\s*(\w+\s+)?"([^"]+)"', line)
                if im:
                    imports[(im.group(1) or im.group(2).rsplit("/", 1)[-1]).strip()] = im.group(2)
        for im in re.finditer(r'^import\s+(\w+\s+)?"([^"]+)"', text, re.M):
            imports[(im.group(1) or im.group(2).rsplit("/", 1)[-1]).strip()] = im.group(2)
        gm = re.search(r'^const GroupName = "([^"]*)"', text, re.M)
        if gm:
            self.groups[pkg] = gm.group(1)
        lines = text.splitlines()
        i, pending = 0, []
        while i < len(lines):
            line = lines[i]
            s = line.strip()
            if line.startswith("//"):
                pending.append(line); i += 1; continue
            m = re.match(r"type (\w+) struct\s*\{\s*(\})?\s*$", line)
            if m:
                name, closed = m.group(1), m.group(2)
                body = []
                i += 1
                if not closed:
                    while lines[i] != "}":
                        body.append(lines[i]); i += 1
                self.add_struct(pkg, name, comment_text(pending), body, imports)
                pending = []; i += 1; continue
            m = re.match(r"type (\w+) (?:= )?([^{]+?)\s*$", line)
            if m and not m.group(2).startswith("interface") and not m.group(2).startswith("func"):
                try:
                    under = parse_type(m.group(2), pkg, imports)
                except (ValueError, IndexError):
                    under = None
                if under:
                    self.types[(pkg, m.group(1))] = {"kind": "alias", "comments": comment_text(pending),
                                                     "underlying": under, "methods": set()}
                pending = []; i += 1; continue
            m = re.match(r"func \((?:\w+\s+)?\*?(\w+)\) (\w+)\(\)", line)
            if m:
                body = [line]
                while not lines[i].startswith("}") and not line.rstrip().endswith("}"):
                    i += 1; body.append(lines[i])
                self.methods.append((pkg, m.group(1), m.group(2), "\n".join(body)))
                pending = []; i += 1; continue
            m = re.match(r"func \((?:\w+\s+)?\*?(\w+)\) UnmarshalJSON\(", line)
            if m:
                self.methods.append((pkg, m.group(1), "UnmarshalJSON", ""))
            if s == "const (":
                i += 1
                cpending = []
                while lines[i].strip() != ")":
                    cs = lines[i].strip()
                    if cs.startswith("//"):
                        cpending.append(cs)
                    elif not cs:
                        cpending = []
                    else:
                        cm = re.match(r'(\w+)\s+([\w.]+)\s*=\s*"((?:[^"\\]|\\.)*)"', cs)
                        if cm:
                            self.consts.append((pkg, cm.group(2), cm.group(1), json.loads('"' + cm.group(3) + '"'),
                                                comment_text(cpending), imports))
                        cpending = []
                    i += 1
                pending = []; i += 1; continue
            cm = re.match(r'const (\w+)\s+([\w.]+)\s*=\s*"((?:[^"\\]|\\.)*)"', line)
            if cm:
                self.consts.append((pkg, cm.group(2), cm.group(1), json.loads('"' + cm.group(3) + '"'),
                                    comment_text(pending), imports))
            if not s.startswith("//"):
                pending = []
            i += 1

    methods = []

    def add_struct(self, pkg, name, comments, body, imports):
        members, pending, ok, in_block = [], [], True, False
        for line in body:
            s = line.strip()
            if in_block or s.startswith("/*"):
                in_block = "*/" not in s
                pending = []; continue
            if s.startswith("//"):
                pending.append(s); continue
            if not s:
                pending = []; continue
            tm = re.search(r"`(.*)`", s)
            tags = dict(re.findall(r'(\w+):"([^"]*)"', tm.group(1))) if tm else {}
            decl = (s[:tm.start()] if tm else s.split("//")[0]).split()
            try:
                if len(decl) == 1:
                    t = parse_type(decl[0], pkg, imports)
                    members.append({"name": decl[0].lstrip("*").split(".")[-1], "type": t, "tags": tags,
                                    "comments": comment_text(pending), "embedded": True})
                elif len(decl) == 2 and not decl[0].endswith(","):
                    members.append({"name": decl[0], "type": parse_type(decl[1], pkg, imports), "tags": tags,
                                    "comments": comment_text(pending), "embedded": False})
                else:
                    ok = False
            except (ValueError, IndexError):
                ok = False
            pending = []
        self.types[(pkg, name)] = {"kind": "struct" if ok else "unparsed", "comments": comments,
                                   "members": members, "methods": set()}

    def finish(self):
        for pkg, tname, mname, body in self.methods:
            t = self.types.get((pkg, tname))
            if t is None:
                continue
            t["methods"].add(mname)
            if mname == "OpenAPISchemaType":
                rm = re.search(r"return (nil|\[\]string\{([^}]*)\})", body)
                t["schemaType"] = None if rm.group(1) == "nil" else json.loads("[" + rm.group(2) + "]")
            elif mname == "OpenAPISchemaFormat":
                t["schemaFormat"] = re.search(r'return "([^"]*)"', body).group(1)
            elif mname == "OpenAPIV3OneOfTypes":
                t["oneOf"] = json.loads("[" + re.search(r"return \[\]string\{([^}]*)\}", body).group(1) + "]")
        # enums: string aliases marked +enum, with the typed constants of every parsed package
        self.enums = {}
        for key, t in self.types.items():
            if t["kind"] == "alias" and t["underlying"] == ("builtin", "string") and "enum" in comment_tags(t["comments"]):
                self.enums[key] = []
        self.const_values = {}
        for pkg, texpr, name, value, comments, imports in self.consts:
            self.const_values[(pkg, name)] = value
            try:
                tt = parse_type(texpr, pkg, imports)
            except ValueError:
                continue
            if tt[0] != "named" or (tt[1], tt[2]) not in self.enums:
                continue
            values = self.enums[(tt[1], tt[2])]
            comment = " ".join(comments)
            for j, (n, v, c) in enumerate(values):
                if v == value:
                    if len(c) < len(comment) or (len(c) == len(comment) and c > comment):
                        values[j] = (name, value, comment)
                    break
            else:
                values.append((name, value, comment))


# ---------------------------------------------------------------- kube-openapi's schema rules

class Generator:
    def __init__(self, u):
        self.u = u
        self.out = {}
        self.queue = []

    def resolve_alias_ptr(self, t):
        while True:
            if t[0] == "ptr":
                t = t[1]
            elif t[0] == "named" and self.u.types.get((t[1], t[2]), {}).get("kind") == "alias":
                t = self.u.types[(t[1], t[2])]["underlying"]
            else:
                return t

    def decl(self, t):
        return self.u.types.get((t[1], t[2])) if t[0] == "named" else None

    def enum_of(self, t):
        if t[0] == "ptr":
            t = t[1]
        if t[0] == "named" and (t[1], t[2]) in self.u.enums:
            return self.u.enums[(t[1], t[2])]
        return None

    def custom_unmarshal(self, t):
        if t[0] == "ptr":
            d = self.decl(t[1])
        else:
            d = self.decl(t)
        return d is not None and d["kind"] == "struct" and "UnmarshalJSON" in d["methods"]

    def enforced_default(self, t, omit_empty):
        """kube-openapi mustEnforceDefault; returns (has, value)."""
        if self.custom_unmarshal(t):
            return False, None
        if t[0] in ("ptr", "map", "slice"):
            return False, None
        if t[0] == "named":
            d = self.decl(t)
            if d is None:
                raise SystemExit(f"unknown type {t}")
            if d["kind"] == "alias":
                return self.enforced_default(d["underlying"], omit_empty)
            ms = d["members"]
            if len(ms) == 1 and ms[0]["embedded"]:
                return self.enforced_default(ms[0]["type"], omit_empty)
            return True, {}
        if t[0] == "builtin":
            if t[1] == "interface{}":
                return False, None
            return (False, None) if omit_empty else (True, SIMPLE[t[1]][2])
        raise SystemExit(f"no default rule for {t}")

    def ref(self, t):
        key = (t[1], t[2])
        name = schema_prefix(t[1]) + "." + t[2]
        if name not in self.out and key not in [q for q in self.queue]:
            self.queue.append(key)
        return "#/components/schemas/" + name

    def default_from_comments(self, comments, pkg):
        tags = comment_tags(comments).get("default")
        if not tags:
            return False, None
        v = tags[0]
        m = re.match(r"ref\((.*)\)$", v)
        if m:
            sym = m.group(1)
            if "." in sym:
                p, _, n = sym.rpartition(".")
                return True, self.u.const_values[(p, n)]
            return True, self.u.const_values[(pkg, sym)]
        return True, json.loads(v)

    def element(self, t):
        """Schema of a slice item or map value (generateSliceProperty/generateMapProperty's inner part)."""
        s = {}
        has, d = self.enforced_default(t, False)
        if has:
            s["default"] = d
        self.typed(s, t, self.enum_of(t))
        return s

    def typed(self, s, t, enum):
        r = self.resolve_alias_ptr(t)
        ts = type_string(r)
        if ts in SIMPLE:
            typ, fmt, _ = SIMPLE[ts]
            s["type"] = typ
            if fmt:
                s["format"] = fmt
            if enum is not None:
                s["enum"] = sorted(v for _, v, _ in enum)
            return
        if r[0] == "map":
            s["type"] = "object"
            s["additionalProperties"] = self.element(r[2])
        elif r[0] == "slice":
            s["type"] = "array"
            s["items"] = self.element(r[1])
        elif r[0] == "named":
            s["$ref"] = self.ref(r)
        else:
            raise SystemExit(f"cannot type {t}")

    def member_schema(self, m, parent_pkg):
        c = m["comments"]
        s = {}
        for tag, (x, always_array) in EXT_TAGS.items():
            vals = comment_tags(c).get(tag)
            if vals is not None:
                s[x] = vals if (always_array or len(vals) > 1) else vals[0]
        for v in comment_tags(c).get("k8s:openapi-gen", []):
            if v.startswith("x-kubernetes-") and ":" in v:
                k, _, val = v.partition(":")
                s[k] = val
        for tag in ("patchStrategy", "patchMergeKey"):
            if m["tags"].get(tag, "") != (comment_tags(c).get(tag) or [""])[0]:
                print(f"warning: {parent_pkg} {m['name']}: {tag} struct tag and comment differ", file=sys.stderr)
        enum = self.enum_of(m["type"])
        lines = list(c)
        if enum:
            lines += ["", "Possible enum values:"] + sorted(enum_line(n, v, cm) for n, v, cm in enum)
        d = description(lines)
        if d:
            s["description"] = d
        json_tag = m["tags"].get("json", "").split(",")
        if len(json_tag) > 1 and json_tag[1] == "string":
            s["type"] = "string"
            return s
        omit = "omitempty" in m["tags"].get("json", "")
        has, dv = self.default_from_comments(c, parent_pkg)
        eh, ev = self.enforced_default(m["type"], omit)
        if eh and not has:
            has, dv = True, ev
        if has:
            s["default"] = dv
        self.typed(s, m["type"], enum)
        return s

    def members(self, d, pkg, props, required):
        for m in d["members"]:
            if "false" in comment_tags(m["comments"]).get("k8s:openapi-gen", []):
                continue
            jt = m["tags"].get("json", "").split(",") if m["tags"].get("json") else []
            if len(jt) > 1 and jt[1] == "inline":
                inner = self.resolve_alias_ptr(m["type"])
                self.members(self.decl(inner), inner[1], props, required)
                continue
            name = (jt[0] if jt else m["name"])
            if name == "-" or name == "":
                continue
            tags = comment_tags(m["comments"])
            if "required" in tags:
                optional = False
            elif "optional" in tags:
                optional = True
            else:
                optional = "omitempty" in m["tags"].get("json", "")
            if not optional:
                required.append(name)
            props[name] = self.member_schema(m, pkg)

    def unions(self, d):
        out = []
        if "union" in comment_tags(d["comments"]):
            u = {"fields-to-discriminateBy": {}}
            for m in d["members"]:
                jt = m["tags"].get("json", "").split(",")
                name = jt[0] if jt[0] else m["name"]
                if name == "-":
                    continue
                if "unionDiscriminator" in comment_tags(m["comments"]):
                    u["discriminator"] = name
                else:
                    u["fields-to-discriminateBy"][name] = m["name"]
            out.append(u)
        for m in d["members"]:
            jt = m["tags"].get("json", "").split(",")
            if len(jt) > 1 and jt[1] == "inline":
                out += self.unions(self.decl(self.resolve_alias_ptr(m["type"])))
        return out

    def type_schema(self, pkg, name):
        d = self.u.types.get((pkg, name))
        if d is None or d["kind"] != "struct":
            raise SystemExit(f"cannot generate {pkg}.{name}: {d and d['kind']}")
        s = {}
        desc = description(d["comments"])
        if desc:
            s["description"] = desc
        if "OpenAPISchemaType" in d["methods"]:
            if "oneOf" in d:
                s["oneOf"] = [{"type": t} for t in d["oneOf"]]
            elif d["schemaType"]:
                s["type"] = d["schemaType"][0]
            if d.get("schemaFormat"):
                s["format"] = d["schemaFormat"]
        else:
            s["type"] = "object"
            props, required = {}, []
            self.members(d, pkg, props, required)
            if props:
                s["properties"] = props
            if required:
                s["required"] = required
        tags = comment_tags(d["comments"])
        for tag in ("structType", "mapType"):
            if tag in tags:
                s["x-kubernetes-map-type"] = tags[tag][0]
        for v in tags.get("k8s:openapi-gen", []):
            if v.startswith("x-kubernetes-") and ":" in v:
                k, _, val = v.partition(":")
                s[k] = val
        unions = self.unions(d)
        if unions:
            s["x-kubernetes-unions"] = unions
        return s

    def run(self, roots):
        self.queue = list(roots)
        while self.queue:
            pkg, name = self.queue.pop(0)
            full = schema_prefix(pkg) + "." + name
            if full in self.out:
                continue
            self.out[full] = self.type_schema(pkg, name)
        return {k: wrap_refs(v) for k, v in sorted(self.out.items())}


def enum_line(name, value, comment):
    comment = comment.strip()
    if comment.startswith(name):
        comment = comment[len(name):]
    comment = re.sub(r"\s+", " ", comment.strip())
    return " - `" + json.dumps(value) + "` " + comment


def wrap_refs(s):
    """kube-openapi builder3 WrapRefs: a $ref with siblings becomes allOf: [{$ref}]. Walks schemas only
    (a property may be named "$ref", as in JSONSchemaProps)."""
    s = dict(s)
    if "properties" in s:
        s["properties"] = {k: wrap_refs(v) for k, v in s["properties"].items()}
    for k in ("items", "additionalProperties"):
        if isinstance(s.get(k), dict):
            s[k] = wrap_refs(s[k])
    for k in ("allOf", "oneOf", "anyOf"):
        if k in s:
            s[k] = [wrap_refs(v) for v in s[k]]
    if "$ref" in s and len(s) > 1:
        s["allOf"] = [{"$ref": s.pop("$ref")}]
    return s


SKIP = re.compile(r"(_test\.go|generated\.pb\.go|zz_generated\..*|types_swagger_doc_generated\.go|_fuzz\.go)$")


def load(u, repo, tag, module, d, only=None):
    pkg = module + "/" + d
    for f in git(repo, "ls-tree", "--name-only", f"{tag}:{d}").split():
        if not f.endswith(".go") or SKIP.search(f) or (only and f not in only):
            continue
        u.parse_file(pkg, git(repo, "show", f"{tag}:{d}/{f}"))
    return pkg


def main():
    api, machinery, extensions, tag = sys.argv[1:5]
    u = Universe()
    roots, gvs = [], {}
    api_pkgs = [load(u, api, tag, "k8s.io/api", d) for d in API_PACKAGES]
    for d, only in MACHINERY_PACKAGES.items():
        load(u, machinery, tag, "k8s.io/apimachinery", d, only)
    ext_pkgs = [load(u, extensions, tag, "k8s.io/apiextensions-apiserver", d) for d in EXTENSIONS_PACKAGES]
    u.finish()
    for pkg in api_pkgs + ext_pkgs:
        version = pkg.rsplit("/", 1)[-1]
        group = u.groups[pkg]
        gvs[group + "/" + version if group else version] = schema_prefix(pkg)
        for (p, n), t in sorted(u.types.items()):
            if p == pkg and t["kind"] == "struct" and n[0].isupper() \
                    and "false" not in comment_tags(t["comments"]).get("k8s:openapi-gen", []):
                roots.append((p, n))
    roots += [("k8s.io/apimachinery/pkg/apis/meta/v1", n) for n in META_ROOTS]
    schemas = Generator(u).run(roots)
    w = sys.stdout
    w.write('{"release":' + json.dumps(tag) + ',\n"groupVersions":' + json.dumps(dict(sorted(gvs.items())))
            + ',\n"schemas":{\n')
    w.write(",\n".join(json.dumps(k) + ":" + json.dumps(v, sort_keys=True, separators=(",", ":"))
                       for k, v in schemas.items()))
    w.write("\n}}\n")


if __name__ == "__main__":
    main()
