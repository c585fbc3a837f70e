#pragma once

namespace ekn {

// Names the application for QSettings and QStandardPaths, the same for the desktop app and
// the CLI (they share settings and the library). The organization name stays empty so paths
// are not doubled: settings go to <config>/eknmusic.org/EKNMusic.conf (QSettings falls back
// to the organization domain) and the library to <data>/EKNMusic, where they were
// EKNMusic/EKNMusic before. Settings an older version wrote there are copied over once; an
// old library is found where it is (LibraryDatabase::defaultDataDir), never moved.
void setApplicationIdentity();

} // namespace ekn
