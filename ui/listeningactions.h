#pragma once

#include <QList>
#include <QObject>

class QAction;
class QMenu;

namespace ekn {

class LibraryService;
class PlayCounter;
class Player;
class TrackView;

// Ratings and play counts in the window (issue 14): the Rating menu (Unrated, 1 to 5 stars,
// Ctrl+0..Ctrl+5) for the selected tracks, and the player's plays and skips, counted by
// core's PlayCounter and recorded on the library thread (nothing waits on the database here).
class ListeningActions : public QObject
{
    Q_OBJECT
public:
    ListeningActions(LibraryService *library, Player *player, TrackView *view, QObject *parent = nullptr);

    // The Rating submenu (the same actions, shortcuts included) for a menu bar menu or the
    // track context menu.
    void addRatingMenu(QMenu *menu);
    PlayCounter *counter() const { return m_counter; }
    // Rates the selected tracks: half stars 0..10, or Track::kUnrated.
    void rateSelection(int halfStars);

private:
    LibraryService *m_library;
    TrackView *m_view;
    PlayCounter *m_counter;
    QList<QAction *> m_rate; // Unrated, then 1..5 stars
};

} // namespace ekn
