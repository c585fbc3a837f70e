#pragma once

// ui: the Qt Widgets front end.
//   mainwindow.h        the frame that wires the parts together
//   sidebar.h           Library / Artists / Albums / Genres / Playlists / Not on this device
//   trackmodel.h        the table model: loaded in batches, sorted off the GUI thread (an order of
//                       row numbers, no copies), a search's further pages fetched on scroll
//   trackview.h         the table: column chooser, multi-select, drag, context menu
//   playerbar.h         transport, seek, volume
//   mprisservice.h      media keys / desktop media controls over D-Bus (MPRIS2; its two adaptors)
//   statusarea.h        messages, import progress + cancel, import errors, sync state
//   emptystate.h        the drop invitation of an empty library
//   tageditordialog.h   one or many tracks, mixed values, validation next to the field
//   scanerrorsdialog.h  files that could not be read, and why
//   synccontroller.h    sign-in/out, the SyncEngine while signed in, sync state, refresh after a pull
//   conflictlogdialog.h sync conflicts: kept and lost values, Restore
//   libraryservice.h    the library thread; libraryworker.h what runs on it
//   themeicons.h        SVG icons (ui/icons) in the palette's colours, sharp at any DPI
#include "mainwindow.h"
