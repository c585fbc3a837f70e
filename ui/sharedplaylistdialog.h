#pragma once

#include "sync/sharedplaylists.h"

#include <QDialog>

class QLabel;
class QPushButton;
class QTreeWidget;

namespace ekn {

// A playlist another account published, as opened from its link: each entry by title, artist
// and album, and whether this library has it (the same audio, or the same tags) or not; the
// missing ones are marked and greyed. "Copy to My Playlists" asks for a copy with the tracks
// this library has (copyRequested).
class SharedPlaylistDialog : public QDialog
{
    Q_OBJECT
public:
    explicit SharedPlaylistDialog(const SharedPlaylist &playlist, QWidget *parent = nullptr);

    const SharedPlaylist &playlist() const { return m_playlist; }
    QTreeWidget *entries() const { return m_entries; }
    QLabel *summary() const { return m_summary; }
    QPushButton *copyButton() const { return m_copy; }
    // The copy is made (or failed): the dialog says so.
    void copyFinished(const QString &playlistId, const QString &error);

    static QString matchText(SharedEntry::Match match);

Q_SIGNALS:
    void copyRequested(const ekn::SharedPlaylist &playlist);

private:
    SharedPlaylist m_playlist;
    QLabel *m_summary;
    QTreeWidget *m_entries;
    QPushButton *m_copy;
};

} // namespace ekn
