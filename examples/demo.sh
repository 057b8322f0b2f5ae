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

echo "== Building the graph from $(ls -d "$here"/articles/*/ | wc -l) example articles"
for dir in "$here"/articles/*/; do
  name="$(basename "$dir")"
  date="$(awk -F'\t' -v n="$name" '$1 == n {print $2}' "$here/articles/articles.tsv")"
  lang="$(awk -F'\t' -v n="$name" '$1 == n {print $3}' "$here/articles/articles.tsv")"
  "$ag" --store "$store" build --quiet --date "$date" --lang "$lang" "$dir/article.txt"
done

echo
echo "== Query 1: who met whom (meetings that took place)"
"$ag" --store "$store" query --format table '
SELECT ?a ?b WHERE {
  ?x ag:metWith ?y . ?x rdfs:label ?a . ?y rdfs:label ?b .
  FILTER(STR(?x) < STR(?y) && LANG(?a) IN ("en", "") && LANG(?b) IN ("en", ""))
} ORDER BY ?a ?b'

echo
echo "== Query 2: who sanctions or threatens sanctions against whom"
"$ag" --store "$store" ask sanctions

"$ag" --store "$store" export --format turtle -o "$out/actorgraph.ttl"
"$ag" --store "$store" render -o "$out/actorgraph.html"
echo
echo "Wrote:"
echo "  $out/actorgraph.ttl   (Turtle export of the whole graph)"
echo "  $out/actorgraph.html  (interactive graph: open it in a browser, works offline)"
echo "  $out/store            (the Oxigraph store: actorgraph --store $out/store query '...')"
