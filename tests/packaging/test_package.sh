#!/usr/bin/env bash
# Builds the .deb with CPack, validates its desktop integration, installs it into a throwaway
# root and runs the installed files: --version, a scan, a migrate (against the test cluster),
# and the desktop app on the offscreen platform.
set -euo pipefail
build=$1 version=$2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

cpack --config "$build/CPackConfig.cmake" -G DEB -B "$tmp/pkg" >"$tmp/cpack.log" 2>&1 || { cat "$tmp/cpack.log"; fail "cpack"; }
deb=$(ls "$tmp"/pkg/*.deb)
echo "built $(basename "$deb")"
[ "$(dpkg-deb -f "$deb" Version)" = "$version" ] || fail "package version is not $version"

# Every dependency names a real package that this (fully provisioned) machine has installed.
dpkg-deb -f "$deb" Depends | tr ',' '\n' | while read -r group; do
  [ -n "$group" ] || continue
  ok=no
  for alt in $(echo "$group" | tr '|' '\n' | sed 's/(.*)//; s/ //g'); do
    dpkg-query -W -f='${Status}' "$alt" 2>/dev/null | grep -q 'install ok installed' && ok=yes
  done
  [ $ok = yes ] || fail "dependency not installed here: $group"
done
for lib in libqt6sql6-sqlite libqt6sql6-psql gstreamer1.0-plugins-good; do
  dpkg-deb -f "$deb" Depends | grep -q "$lib" || fail "Depends lacks $lib"
done

root="$tmp/root"
dpkg-deb -x "$deb" "$root"
usr="$root/usr"
for f in bin/eknmusic bin/eknmusic-cli share/applications/org.eknmusic.EKNMusic.desktop \
         share/metainfo/org.eknmusic.EKNMusic.metainfo.xml \
         share/icons/hicolor/scalable/apps/org.eknmusic.EKNMusic.svg \
         share/icons/hicolor/48x48/apps/org.eknmusic.EKNMusic.png \
         share/icons/hicolor/256x256/apps/org.eknmusic.EKNMusic.png; do
  [ -e "$usr/$f" ] || fail "package lacks $f"
done
ls "$usr"/share/eknmusic/migrations/versions/001_*.up.sql >/dev/null 2>&1 || fail "package lacks the server migrations"

desktop-file-validate "$usr/share/applications/org.eknmusic.EKNMusic.desktop" || fail "desktop-file-validate"
desktop="$usr/share/applications/org.eknmusic.EKNMusic.desktop"
for mime in audio/mpeg audio/flac audio/ogg audio/x-mpegurl application/vnd.apple.mpegurl application/xspf+xml audio/x-scpls; do
  grep -q "^MimeType=.*$mime;" "$desktop" || fail "the .desktop file does not claim $mime"
done
! grep -q '^MimeType=.*inode/directory' "$desktop" || fail "the .desktop file claims every folder (inode/directory)"
grep -q '<screenshot' "$usr/share/metainfo/org.eknmusic.EKNMusic.metainfo.xml" || fail "metainfo has no screenshots"
grep -q '<description>' <(sed -n '/<releases>/,/<\/releases>/p' "$usr/share/metainfo/org.eknmusic.EKNMusic.metainfo.xml") \
  || fail "metainfo release has no notes"
appstreamcli validate --no-net --pedantic "$usr/share/metainfo/org.eknmusic.EKNMusic.metainfo.xml" || fail "appstreamcli validate"
grep -q "release version=\"$version\"" "$usr/share/metainfo/org.eknmusic.EKNMusic.metainfo.xml" || fail "metainfo release is not $version"

cli="$usr/bin/eknmusic-cli"
[ "$("$cli" --version)" = "eknmusic-cli $version" ] || fail "installed eknmusic-cli --version"
echo "installed eknmusic-cli --version: ok"

# A scan from the installed CLI, of a file made now.
mkdir -p "$tmp/music" "$tmp/data"
ffmpeg -loglevel error -f lavfi -i "sine=frequency=440:duration=1" -metadata title="Package Check" \
  -metadata artist="Installed Artist" "$tmp/music/check.flac"
"$cli" scan "$tmp/music" --data-dir "$tmp/data" || fail "installed scan"
"$cli" tracks --json --data-dir "$tmp/data" | grep -q "Package Check" || fail "scanned track not listed"
echo "installed scan: ok"

# A migrate from the installed CLI, with the installed migration files, on a fresh database.
if [ -n "${EKN_TEST_PG_URL:-}" ]; then
  db="ekn_pkg_$$"
  psql -q "$EKN_TEST_PG_URL" -c "CREATE DATABASE $db" || fail "createdb"
  url="${EKN_TEST_PG_URL%/postgres}/$db"
  rc=0
  "$cli" db migrate --server "$url" --migrations "$usr/share/eknmusic/migrations/versions" || rc=$?
  tables=$(psql -tA "$url" -c "SELECT count(*) FROM information_schema.tables WHERE table_name IN ('users','music_tracks','playlists')")
  psql -q "$EKN_TEST_PG_URL" -c "DROP DATABASE $db WITH (FORCE)" || true
  [ $rc -eq 0 ] || fail "installed db migrate exited $rc"
  [ "$tables" = 3 ] || fail "migrate did not create the seed tables ($tables)"
  echo "installed migrate: ok"
else
  fail "EKN_TEST_PG_URL not set (run through scripts/with-test-services.sh)"
fi

# The installed desktop app starts and keeps running (killed by timeout = it did not exit).
rc=0
EKN_DATA_DIR="$tmp/data" QT_QPA_PLATFORM=offscreen timeout 5 "$usr/bin/eknmusic" >"$tmp/app.log" 2>&1 || rc=$?
[ $rc -eq 124 ] || { cat "$tmp/app.log"; fail "installed desktop app exited with $rc before 5 s"; }
echo "installed desktop app: ran 5 s offscreen"
echo "package test passed"
