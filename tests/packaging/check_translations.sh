#!/usr/bin/env bash
# Every shipped language must be complete: update a copy of each .ts from the current sources
# and fail if any entry is unfinished (a new or changed string that has no translation yet).
# eknmusic_en.ts is the English plural forms only ("%n track(s)" -> "1 track" / "2 tracks").
set -euo pipefail
src=$1
lupdate=${LUPDATE:-/usr/lib/qt6/bin/lupdate}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
status=0
for ts in "$src"/resources/translations/*.ts; do
  name=$(basename "$ts")
  cp "$ts" "$tmp/$name"
  plurals=()
  [ "$name" = eknmusic_en.ts ] && plurals=(-pluralonly -target-language en)
  (cd "$src" && "$lupdate" -silent -recursive core ui app/desktop -no-obsolete -locations none "${plurals[@]}" -ts "$tmp/$name") >/dev/null
  entries=$(grep -c '<source>' "$tmp/$name" || true)
  unfinished=$(grep -c 'type="unfinished"' "$tmp/$name" || true)
  echo "$name: $entries strings, $unfinished unfinished"
  if [ "$unfinished" -ne 0 ]; then
    grep -B2 'type="unfinished"' "$tmp/$name" | grep '<source>' | sed 's/^ */  untranslated: /' | head -40
    status=1
  fi
  [ "$entries" -gt 0 ] || [ ${#plurals[@]} -gt 0 ] || { echo "$name: no strings at all"; status=1; }
done
exit $status
