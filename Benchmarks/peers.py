#!/usr/bin/env python3
"""Figures of two peer systems, measured in one run beside Aimak's own (Benchmarks/cold.py,
`aimak benchmark`): OpenFisca (the country template) and Oxigraph (Aimak's statements as RDF).
A benchmark, not a test: it prints medians of N runs, it asserts only that the SPARQL answers
agree with a plain Python filter over the same periods.

    pip install openfisca-country-template pyoxigraph pyyaml
    python3 Benchmarks/peers.py [path/to/aimak] [runs]

OpenFisca: the cold whole process (python3 -c: load the template's tax-benefit system, read
parameters('2015-01-01').taxes.income_tax_rate), wall time and peak RSS as in cold.py; then,
in this process, one dated parameter read after loading (the dates vary, so nothing is cached).

Oxigraph: one resource per statement (source, fact key, value, start, optional end as
xsd:date) in an in-memory Store; the query is "statements in force on D" (start <= D and
(no end or end > D)), run on every change day (each distinct start or end).

Statement periods are an approximation of Aimak's resolution, which no command prints per
statement: a statement takes its source's period from `aimak sources --json` (the earliest day
of an imprecise date, the end exclusive), narrowed by its own `from`/`to` in the YAML (a year or
month read as its first day, `to` as the last day in force, `{by: X}` as X's start) and ended at
the start of a statement that `repeals` it. Overriding (lex posterior, lex specialis) is not
applied: the query returns statements in force, not the facts resolved from them. The fact key
is the statement's kind and subject (body/akim, formation/akim, relation/akim/reports-to, ...);
the value is the statement's body as JSON.
"""
import datetime, glob, json, os, re, statistics, subprocess, sys, time

import yaml
from pyoxigraph import Literal, NamedNode, Quad, Store

aimak = sys.argv[1] if len(sys.argv) > 1 else ".build-release/release/aimak"
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 21
law = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "law", "sources")

# --- OpenFisca -------------------------------------------------------------------------------

LOAD = ("from openfisca_country_template import CountryTaxBenefitSystem\n"
        "print(CountryTaxBenefitSystem().parameters('2015-01-01').taxes.income_tax_rate)")

def once(argv):
    start = time.perf_counter()
    p = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.perf_counter() - start
    if status != 0:
        sys.exit(f"{' '.join(argv)} failed ({status})")
    return wall * 1000, usage.ru_maxrss / 1024  # ms, MB (ru_maxrss is in KB on Linux)

once([sys.executable, "-c", LOAD])  # warm the page cache: "cold" means a new process
samples = [once([sys.executable, "-c", LOAD]) for _ in range(runs)]
print(f"openfisca cold load + one parameter: wall {statistics.median(s[0] for s in samples):.0f} ms, "
      f"peak RSS {statistics.median(s[1] for s in samples):.0f} MB")

from openfisca_country_template import CountryTaxBenefitSystem
parameters = CountryTaxBenefitSystem().parameters
days = [f"{y}-{m:02}-01" for y in range(2013, 2024) for m in (1, 7)]
per_call = []
for _ in range(runs):
    for day in days:
        start = time.perf_counter()
        parameters(day).taxes.income_tax_rate
        per_call.append(time.perf_counter() - start)
print(f"openfisca one dated parameter after load: {statistics.median(per_call) * 1000:.3f} ms "
      f"(median of {len(per_call)} reads over {len(days)} dates)")

# --- Aimak's statements with their periods ---------------------------------------------------

def first_day(text):  # "2011 (between 2011-07-14 and ...)" -> 2011-07-14; "1996-03" -> 1996-03-01
    m = re.search(r"\d{4}-\d{2}-\d{2}", text or "")
    if m:
        return datetime.date.fromisoformat(m.group())
    return datetime.date(*(list(map(int, str(text).split("-"))) + [1, 1])[:3]) if text else None

sources = json.loads(subprocess.run([aimak, "sources", "--json"], capture_output=True, check=True).stdout)
period = {s["id"]: (first_day(s["in_force_from"]), first_day(s.get("in_force_until"))) for s in sources}

def own_end(to):  # the YAML's `to` is the last day in force; {by: X} ends at X's start
    if isinstance(to, dict):
        return period[to["by"]][0]
    if isinstance(to, datetime.date):
        return to + datetime.timedelta(days=1)
    return first_day(str(to))  # a year or a month: its first day (approximation)

def fact_key(s):
    kind = next(k for k in ("establishes", "formation", "relation", "power", "procedure", "principle",
                            "unit", "repeals") if k in s)
    b = s[kind]
    subject = {"establishes": lambda: [b["body"]], "formation": lambda: [b["body"]],
               "relation": lambda: [b["subject"], b["type"]], "power": lambda: [b["holder"], b["power"]],
               "procedure": lambda: [b["name"]], "principle": lambda: [b["id"]],
               "unit": lambda: [b["level"]], "repeals": lambda: []}[kind]()
    return "/".join(["body" if kind == "establishes" else kind] + subject), b

statements, repeals = {}, []
for path in sorted(glob.glob(os.path.join(law, "*.yaml"))):
    doc = yaml.safe_load(open(path))
    start, end = period[doc["source"]]
    for s in doc.get("statements") or []:
        sid = f"{doc['source']}#{s['id']}"
        key, body = fact_key(s)
        s_start = max(start, first_day(str(s["from"]))) if "from" in s else start
        s_end = own_end(s["to"]) if "to" in s else end
        statements[sid] = [doc["source"], key, json.dumps(body, default=str, sort_keys=True), s_start, s_end]
        repeals += [(target, s_start) for target in s.get("repeals", [])]
for target, day in repeals:
    if target in statements and (statements[target][4] is None or day < statements[target][4]):
        statements[target][4] = day

# --- Oxigraph ---------------------------------------------------------------------------------

NS = "https://aimak.kg/ns#"
XSD_DATE = NamedNode("http://www.w3.org/2001/XMLSchema#date")
p = {name: NamedNode(NS + name) for name in ("source", "key", "value", "start", "end")}

def quads():
    for sid, (source, key, value, start, end) in statements.items():
        s = NamedNode("https://aimak.kg" + sid)
        yield Quad(s, p["source"], NamedNode("https://aimak.kg" + source))
        yield Quad(s, p["key"], Literal(key))
        yield Quad(s, p["value"], Literal(value))
        yield Quad(s, p["start"], Literal(start.isoformat(), datatype=XSD_DATE))
        if end:
            yield Quad(s, p["end"], Literal(end.isoformat(), datatype=XSD_DATE))

loads = []
for _ in range(runs):
    start = time.perf_counter()
    store = Store()
    store.extend(quads())
    loads.append(time.perf_counter() - start)

QUERY = f"""PREFIX a: <{NS}>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
SELECT ?s ?key ?value WHERE {{
  ?s a:start ?start ; a:key ?key ; a:value ?value .
  FILTER(?start <= "%s"^^xsd:date)
  OPTIONAL {{ ?s a:end ?end }}
  FILTER(!BOUND(?end) || ?end > "%s"^^xsd:date)
}}"""
change_days = sorted({d for st in statements.values() for d in st[3:5] if d})
for day in change_days:  # the answers agree with a plain filter over the same periods
    expected = sum(1 for st in statements.values() if st[3] <= day and (st[4] is None or st[4] > day))
    got = len(list(store.query(QUERY % (day, day))))
    assert got == expected, (day, got, expected)
queries = []
for _ in range(runs):
    for day in change_days:
        start = time.perf_counter()
        list(store.query(QUERY % (day, day)))
        queries.append(time.perf_counter() - start)
print(f"oxigraph: load {len(statements)} statements {statistics.median(loads) * 1000:.1f} ms; "
      f"statements in force on a date (SPARQL): median {statistics.median(queries) * 1000:.2f} ms "
      f"over {len(change_days)} dates")
