#!/usr/bin/env bash
# Installs what EKNMusic needs to build, run and test on Debian 12 / Ubuntu 22.04+.
# Only installs what is missing; safe to run again.
set -euo pipefail

packages=(
  # toolchain
  build-essential cmake ninja-build ccache pkg-config git
  # Qt 6 and the libraries the app links
  qt6-base-dev qt6-base-dev-tools libqt6sql6-sqlite libqt6sql6-psql
  qt6-multimedia-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools
  libqt6svg6 qt6-qpa-plugins libgl-dev libtag1-dev qtkeychain-qt6-dev libpq-dev
  # SQLite directly (the same library QSQLITE loads): a pulled page bound into it, SyncPull
  libsqlite3-dev
  # Qt's own translations (standard buttons and dialogs in the user's language)
  qt6-translations-l10n
  # playback at run time (Qt Multimedia's GStreamer backend)
  gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-libav
  # what the tests start for real: PostgreSQL 15, pgbouncer, a Secret Service
  postgresql-15 postgresql-contrib pgbouncer
  dbus dbus-x11 gnome-keyring libsecret-tools
  # test-time audio files
  ffmpeg sox
  # packaging checks: .deb build, desktop file and AppStream validation
  dpkg-dev fakeroot file desktop-file-utils appstream
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  echo "Installing: ${missing[*]}"
  $SUDO apt-get update -q
  # Ubuntu ships another PostgreSQL major version: the tests need 15 (the product's server).
  if printf '%s\n' "${missing[@]}" | grep -qx postgresql-15 && ! apt-cache show postgresql-15 >/dev/null 2>&1; then
    echo "install-deps: postgresql-15 is not in this system's archive. Add the PostgreSQL apt" >&2
    echo "  repository (https://wiki.postgresql.org/wiki/Apt), or point EKN_TEST_PG_BIN at a" >&2
    echo "  PostgreSQL 15 bin folder; installing everything else now." >&2
    missing=($(printf '%s\n' "${missing[@]}" | grep -vx postgresql-15))
  fi
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
