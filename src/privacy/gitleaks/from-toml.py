#!/usr/bin/env python3
# Turns gitleaks' config/gitleaks.toml (MIT, https://github.com/gitleaks/gitleaks) into rules.json: the rules' Go
# regexes are kept as written; src/privacy/go-regex.ts translates them for JavaScript when the module loads.
# Usage: python3 from-toml.py path/to/gitleaks.toml <gitleaks commit> > rules.json && npx prettier --write rules.json
import json
import sys
import tomllib


def allowlist(a):
    """Keeps the parts that apply to a text without a file path or commit; None when nothing is left."""
    if a.get("paths") and a.get("condition") == "AND":
        return None  # needs a path to hold, and redaction has none
    out = {k: a[k] for k in ("regexes", "stopwords") if a.get(k)}
    if not out:
        return None
    if a.get("regexTarget"):
        out["regexTarget"] = a["regexTarget"]
    return out


def rule(r):
    out = {"id": r["id"], "regex": r["regex"]}
    for key in ("secretGroup", "entropy", "keywords"):
        if key in r:
            out[key] = r[key]
    lists = [x for x in (allowlist(a) for a in r.get("allowlists", [])) if x]
    if lists:
        out["allowlists"] = lists
    return out


def main():
    path, commit = sys.argv[1], sys.argv[2]
    with open(path, "rb") as f:
        config = tomllib.load(f)
    # Rules bound to file paths (or with no regex) cannot apply to a snippet of code without its path.
    rules = [rule(r) for r in config["rules"] if "regex" in r and "path" not in r]
    glob = config["allowlist"]
    doc = {
        "source": f"https://github.com/gitleaks/gitleaks/blob/{commit}/config/gitleaks.toml",
        "license": "MIT, Copyright (c) 2019 Zachary Rice (see LICENSE beside this file)",
        "allowlist": {"regexes": glob.get("regexes", []), "stopwords": glob.get("stopwords", [])},
        "rules": rules,
    }
    json.dump(doc, sys.stdout, indent=2)
    sys.stdout.write("\n")


main()
