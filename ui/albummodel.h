#pragma once

#include "covercache.h"
#include "library/albumstore.h"

#include <QAbstractListModel>
#include <QCache>
#include <QHash>
#include <QPixmap>
#include <QSet>
#include <QThreadPool>

namespace ekn {

class LibraryService;

// The album grid's rows. load() asks core (AlbumStore) on the library thread and the rows
// arrive queued; the GUI thread never waits on the database. Covers are made lazily: only an
// item the view paints asks for its cover (DecorationRole), the newest asks first, and a few
// workers make them through CoverCache. Scrolling fast past thousands of albums leaves
// nothing queued for items no longer on screen, and only recent covers stay in memory.
class AlbumModel : public QAbstractListModel
{
    Q_OBJECT
public:
    enum Roles { AlbumArtistRole = Qt::UserRole + 1, YearRole, TrackCountRole, HasCoverRole };
    static constexpr int kCoverSize = 150;

    explicit AlbumModel(LibraryService *library, QObject *parent = nullptr);
    ~AlbumModel() override;

    // All albums (artist empty) or an artist's; loadFinished() or loadFailed() answers.
    void load(const QString &artist);
    bool isLoading() const { return m_loading; }
    QString artist() const { return m_artist; }
    const Album &albumAt(int row) const { return m_albums.at(row); }

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;

    // Covers made so far (benchmark, tests).
    int coversMade() const { return m_made; }

Q_SIGNALS:
    void loadFinished(int albums);
    void loadFailed(const QString &message);

private:
    void apply(quint64 request, const Result<QList<Album>> &albums);
    void want(const QString &file) const;
    void startCovers() const;
    void coverDone(const QString &file, const QImage &image);

    LibraryService *m_library;
    QList<Album> m_albums;
    QHash<QString, int> m_rowOfFile;
    QString m_artist;
    quint64 m_request = 0;
    bool m_loading = false;
    int m_made = 0;
    // Lazy cover state, touched from data() (const) on the GUI thread only.
    mutable QCache<QString, QPixmap> m_covers;
    mutable QSet<QString> m_noCover;
    mutable QStringList m_wanted; // newest last; capped, so items scrolled past are forgotten
    mutable QSet<QString> m_inFlight;
    mutable QThreadPool m_pool;
    CoverCache m_cache;
};

} // namespace ekn
