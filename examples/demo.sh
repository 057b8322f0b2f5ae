#!/usr/bin/env bash
# The main job on the bundled example articles: build, query, export, draw.
# Usage: examples/demo.sh [OUT_DIR]   (run through `make demo`, which sets up .venv first)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${1:-out}"
ag="${ACTORGRAPH:-$here/../.venv/bin/actorgraph}"
mkdir -p "$out"
store="$out/store"
rm -rf "$store"

# articles.tsv gives each article its publication date and language
echo "== Building the graph from the example articles in $here/articles"
"$ag" --store "$store" build --jobs 2 "$here/articles"

echo
echo "== Query 1: meetings that took place, with the number of articles reporting each"
"$ag" --store "$store" query --format table '
SELECT (STR(?l1) AS ?one) (STR(?l2) AS ?other) (COUNT(DISTINCT ?article) AS ?articles) WHERE {
  GRAPH ?article { ?a ag:metWith ?b }
  FILTER(STR(?a) < STR(?b))
  ?a rdfs:label ?l1 . FILTER(LANG(?l1) IN ("en", ""))
  ?b rdfs:label ?l2 . FILTER(LANG(?l2) IN ("en", ""))
} GROUP BY ?l1 ?l2 ORDER BY DESC(?articles) ?l1 ?l2'

echo
echo "== Query 2 (named query 'sanctions'): who sanctions or threatens whom"
"$ag" --store "$store" ask sanctions --format table

echo
echo "== The article series in $here/series: one event, several reports (history and conflicts)"
"$ag" --store "$store" build --quiet "$here/series"
"$ag" --store "$store" ask history --param actor="Joko Widodo" --param other="Anwar Ibrahim" --format table
"$ag" --store "$store" ask conflicts --format table
echo "== As of 2024-05-10 (before the summit was held):"
"$ag" --store "$store" stats --as-of 2024-05-10 --actor "Joko Widodo" | head -4

"$ag" --store "$store" export --format turtle -o "$out/actorgraph.ttl"
"$ag" --store "$store" render -o "$out/actorgraph.html"
echo
echo "Wrote:"
echo "  $out/actorgraph.ttl   (Turtle export of what the articles state)"
echo "  $out/actorgraph.html  (interactive graph: open it in a browser, works offline)"
echo "  $out/store            (the Oxigraph store: actorgraph --store $out/store query '...')"
