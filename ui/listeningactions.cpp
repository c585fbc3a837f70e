#include "listeningactions.h"

#include "libraryservice.h"
#include "trackmodel.h"
#include "trackview.h"

#include "library/track.h"
#include "playback/playcounter.h"

#include <QAction>
#include <QMenu>

namespace ekn {

ListeningActions::ListeningActions(LibraryService *library, Player *player, TrackView *view, QObject *parent)
    : QObject(parent)
    , m_library(library)
    , m_view(view)
    , m_counter(new PlayCounter(this))
{
    m_counter->attach(player);
    connect(m_counter, &PlayCounter::played, this, [this](const QString &id, const QDateTime &at) {
        m_library->post([id, at](LibraryWorker *w) { w->recordPlay(id, at, true); });
    });
    connect(m_counter, &PlayCounter::skipped, this, [this](const QString &id) {
        m_library->post([id](LibraryWorker *w) { w->recordPlay(id, {}, false); });
    });

    auto *unrated = new QAction(tr("&Unrated"), this);
    unrated->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_0));
    connect(unrated, &QAction::triggered, this, [this] { rateSelection(Track::kUnrated); });
    m_rate << unrated;
    for (int stars = 1; stars <= 5; ++stars) {
        // "★★★☆☆ (3 stars)": the stars alone are not read out by every screen reader.
        auto *a = new QAction(TrackModel::stars(stars * 2) + QLatin1Char(' ')
                                  + tr("(&%n star(s))", nullptr, stars), this);
        a->setShortcut(QKeySequence(QKeyCombination(Qt::ControlModifier, Qt::Key(Qt::Key_0 + stars))));
        connect(a, &QAction::triggered, this, [this, stars] { rateSelection(stars * 2); });
        m_rate << a;
    }
    for (QAction *a : std::as_const(m_rate)) {
        a->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        m_view->addAction(a); // the keys work wherever the track list has the focus
    }
}

void ListeningActions::addRatingMenu(QMenu *menu)
{
    QMenu *rating = menu->addMenu(tr("Rat&ing"));
    rating->setObjectName(QStringLiteral("ratingMenu"));
    rating->addActions(m_rate);
}

void ListeningActions::rateSelection(int halfStars)
{
    const QStringList ids = m_view->selectedTrackIds();
    if (ids.isEmpty())
        return;
    TrackEdit edit;
    edit.rating = halfStars;
    m_library->post([ids, edit](LibraryWorker *w) { w->editTracks(ids, edit, false); });
}

} // namespace ekn
