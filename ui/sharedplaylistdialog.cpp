#include "sharedplaylistdialog.h"

#include "themeicons.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace ekn {

namespace {

enum Column { Number, Title, Artist, Album, Length, InLibrary, ColumnCount };

QString length(int seconds)
{
    return seconds > 0 ? QStringLiteral("%1:%2").arg(seconds / 60).arg(seconds % 60, 2, 10, QLatin1Char('0'))
                       : QString();
}

} // namespace

QString SharedPlaylistDialog::matchText(SharedEntry::Match match)
{
    switch (match) {
    case SharedEntry::Match::AudioHash: return tr("Yes (same audio)");
    case SharedEntry::Match::Tags: return tr("Yes (same title and artist)");
    case SharedEntry::Match::Missing: break;
    }
    return tr("Missing");
}

SharedPlaylistDialog::SharedPlaylistDialog(const SharedPlaylist &playlist, QWidget *parent)
    : QDialog(parent)
    , m_playlist(playlist)
    , m_summary(new QLabel(this))
    , m_entries(new QTreeWidget(this))
    , m_copy(new QPushButton(tr("&Copy to My Playlists"), this))
{
    setWindowTitle(tr("Shared Playlist — %1").arg(playlist.name));
    const int total = int(playlist.entries.size());
    const int missing = playlist.missingCount();
    m_summary->setWordWrap(true);
    m_summary->setText(missing == 0 ? tr("“%1”: all %2 tracks are in your library.").arg(playlist.name).arg(total)
                                    : tr("“%1”: %2 of %3 tracks are in your library; %4 missing (marked below).")
                                          .arg(playlist.name)
                                          .arg(total - missing)
                                          .arg(total)
                                          .arg(missing));
    m_entries->setRootIsDecorated(false);
    m_entries->setColumnCount(ColumnCount);
    m_entries->setHeaderLabels({tr("#"), tr("Title"), tr("Artist"), tr("Album"), tr("Length"), tr("In Your Library")});
    for (const SharedEntry &e : playlist.entries) {
        auto *item = new QTreeWidgetItem(m_entries, {QString::number(e.position + 1), e.title, e.artist, e.album,
                                                     length(e.duration), matchText(e.match)});
        if (e.isMissing()) {
            // Missing entries stand out by more than colour: an icon and italics.
            item->setIcon(InLibrary, ThemeIcons::icon(QStringLiteral("unavailable")));
            for (int c = 0; c < ColumnCount; ++c) {
                QFont f = item->font(c);
                f.setItalic(true);
                item->setFont(c, f);
                item->setForeground(c, palette().brush(QPalette::Disabled, QPalette::Text));
            }
        }
    }
    m_entries->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_copy->setEnabled(missing < total);
    m_copy->setToolTip(tr("A new playlist in your account with the tracks you have, in this order"));

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->addButton(m_copy, QDialogButtonBox::ActionRole);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_copy, &QPushButton::clicked, this, [this] {
        m_copy->setEnabled(false);
        Q_EMIT copyRequested(m_playlist);
    });
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addWidget(m_entries);
    layout->addWidget(buttons);
    resize(760, 420);
}

void SharedPlaylistDialog::copyFinished(const QString &playlistId, const QString &error)
{
    if (!error.isEmpty()) {
        m_copy->setEnabled(true);
        m_summary->setText(tr("The playlist could not be copied: %1").arg(error));
        return;
    }
    Q_UNUSED(playlistId)
    m_summary->setText(tr("Copied to your playlists as “%1”.").arg(m_playlist.name));
}

} // namespace ekn
