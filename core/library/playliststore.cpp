#include "library/playliststore.h"

#include "common/logging.h"
#include "library/librarydatabase.h"
#include "library/outbox.h"
#include "library/trackrow.h"
#include "library/writetransaction.h"

#include <QCoreApplication>
#include <QSqlError>
#include <QSqlQuery>
#include <algorithm>

namespace ekn {

namespace {

Playlist playlistFromQuery(const QSqlQuery &q)
{
    Playlist p;
    p.id = q.value(0).toString();
    p.name = q.value(1).toString();
    p.description = q.value(2).toString();
    p.createdAt = QDateTime::fromString(q.value(3).toString(), Qt::ISODateWithMs);
    p.updatedAt = QDateTime::fromString(q.value(4).toString(), Qt::ISODateWithMs);
    if (!q.value(5).isNull())
        p.deletedAt = QDateTime::fromString(q.value(5).toString(), Qt::ISODateWithMs);
    p.trackCount = q.value(6).toInt();
    p.isPublic = q.value(7).toInt() != 0;
    p.smart = SmartRule::isSmartDescription(p.description);
    return p;
}

const char kPlaylistSelect[] =
    R"sql(SELECT p.id, p.name, p.description, p.created_at, p.updated_at,
    p.deleted_at, (SELECT count(*) FROM playlist_tracks pt WHERE pt.playlist_id = p.id),
    p.is_public
    FROM playlists p )sql";

// Entry ids of a playlist in order.
QStringList entryIds(QSqlDatabase &db, const QString &playlistId, bool *ok)
{
    QStringList ids;
    QSqlQuery q(db);
    q.prepare(QStringLiteral("SELECT id FROM playlist_tracks WHERE playlist_id = ? ORDER BY position, added_at"));
    q.addBindValue(playlistId);
    *ok = q.exec();
    while (*ok && q.next())
        ids << q.value(0).toString();
    return ids;
}

// Writes dense positions 0..n-1 for the given order; only rows whose position changes are
// written (and get an outbox row).
bool writePositions(QSqlDatabase &db, const QStringList &ids)
{
    QSqlQuery current(db);
    QSqlQuery update(db);
    current.prepare(QStringLiteral("SELECT position FROM playlist_tracks WHERE id = ?"));
    update.prepare(QStringLiteral("UPDATE playlist_tracks SET position = ? WHERE id = ?"));
    for (int i = 0; i < ids.size(); ++i) {
        current.addBindValue(ids[i]);
        if (!current.exec() || !current.next())
            return false;
        const int old = current.value(0).toInt();
        current.finish();
        if (old == i)
            continue;
        update.addBindValue(i);
        update.addBindValue(ids[i]);
        if (!update.exec()
            || !Outbox::record(db, QStringLiteral("playlist_tracks"), ids[i], QStringLiteral("update"),
                               QJsonObject{{QStringLiteral("position"), i}}))
            return false;
    }
    return true;
}

// Why a write failed: the commit's reason first (the statements before it all worked), then
// the statement's, then the connection's; never an empty message.
QString whyWriteFailed(const WriteTransaction &tx, const QSqlQuery &q, const QSqlDatabase &db)
{
    for (const QString &why : {tx.errorString(), q.lastError().text(), db.lastError().text()})
        if (!why.trimmed().isEmpty())
            return why;
    return QCoreApplication::translate("ekn::PlaylistStore", "the playlist could not be saved");
}

Failure playlistsUnreadable(const QSqlQuery &q)
{
    return Failure{QCoreApplication::translate("ekn::PlaylistStore", "cannot read the library's playlists: %1")
                       .arg(q.lastError().text())};
}

} // namespace

PlaylistStore::PlaylistStore(const LibraryDatabase &db)
    : m_db(db)
{
}

bool PlaylistStore::nameFitsTheServer(const QString &name)
{
    // The server keeps names in VARCHAR(255): a longer one would be refused at every sync.
    constexpr qsizetype kMaxChars = 255;
    if (std::any_of(name.cbegin(), name.cend(), [](QChar c) { return c.category() == QChar::Other_Control; })) {
        m_error = QCoreApplication::translate("ekn::PlaylistStore",
                                              "a playlist name cannot contain line breaks or control characters");
        return false;
    }
    const qsizetype chars = name.toUcs4().size();
    if (chars <= kMaxChars)
        return true;
    m_error = QCoreApplication::translate("ekn::PlaylistStore",
                                          "a playlist name can have at most %1 characters (this one has %2)")
                  .arg(kMaxChars)
                  .arg(chars);
    return false;
}

QString PlaylistStore::create(const QString &name, const QString &description)
{
    m_error.clear();
    const QString trimmed = name.trimmed();
    if (trimmed.isEmpty()) {
        m_error = QCoreApplication::translate("ekn::PlaylistStore", "a playlist needs a name");
        return {};
    }
    if (!nameFitsTheServer(trimmed))
        return {};
    QSqlDatabase db = m_db.connection();
    Result<WriteTransaction> tx = WriteTransaction::begin(db);
    if (!tx) {
        m_error = tx.error();
        return {};
    }
    const QString id = newLibraryId();
    const QString now = libraryTimestamp();
    QSqlQuery q(db);
    q.prepare(QStringLiteral(R"sql(INSERT INTO playlists (id, name, description,
                             is_public, created_at, updated_at)
                             VALUES (?, ?, ?, 0, ?, ?))sql"));
    q.addBindValue(id);
    q.addBindValue(trimmed);
    q.addBindValue(description);
    q.addBindValue(now);
    q.addBindValue(now);
    const QJsonObject fields{{QStringLiteral("name"), trimmed},
                             {QStringLiteral("description"), description},
                             {QStringLiteral("is_public"), false}};
    if (!q.exec() || !Outbox::record(db, QStringLiteral("playlists"), id, QStringLiteral("insert"), fields)
        || !tx->commit()) {
        m_error = whyWriteFailed(*tx, q, db);
        return {};
    }
    return id;
}

bool PlaylistStore::touchPlaylist(const QString &playlistId, const QString &field, const QVariant &value)
{
    QSqlDatabase db = m_db.connection();
    Result<WriteTransaction> tx = WriteTransaction::begin(db);
    if (!tx) {
        m_error = tx.error();
        return {};
    }
    QSqlQuery q(db);
    q.prepare(QStringLiteral("UPDATE playlists SET %1 = ?, updated_at = ? WHERE id = ?").arg(field));
    q.addBindValue(value);
    q.addBindValue(libraryTimestamp());
    q.addBindValue(playlistId);
    if (!q.exec()) {
        m_error = q.lastError().text();
        return false;
    }
    if (q.numRowsAffected() != 1) {
        m_error = QCoreApplication::translate("ekn::PlaylistStore", "no playlist with id %1")
                      .arg(playlistId);
        return false;
    }
    const QJsonObject fields{{field, QJsonValue::fromVariant(value)}};
    if (!Outbox::record(db, QStringLiteral("playlists"), playlistId, QStringLiteral("update"), fields) || !tx->commit()) {
        m_error = whyWriteFailed(*tx, q, db);
        return false;
    }
    return true;
}

bool PlaylistStore::setPublishedHere(const QString &playlistId, bool published)
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("UPDATE playlists SET is_public = ? WHERE id = ?"));
    q.addBindValue(published ? 1 : 0);
    q.addBindValue(playlistId);
    if (!q.exec()) {
        m_error = q.lastError().text();
        return false;
    }
    return true;
}

bool PlaylistStore::rename(const QString &playlistId, const QString &name)
{
    m_error.clear();
    if (name.trimmed().isEmpty()) {
        m_error = QCoreApplication::translate("ekn::PlaylistStore", "a playlist needs a name");
        return false;
    }
    if (!nameFitsTheServer(name.trimmed()))
        return false;
    return touchPlaylist(playlistId, QStringLiteral("name"), name.trimmed());
}

bool PlaylistStore::remove(const QString &playlistId)
{
    m_error.clear();
    return touchPlaylist(playlistId, QStringLiteral("deleted_at"), libraryTimestamp());
}

bool PlaylistStore::restore(const QString &playlistId)
{
    m_error.clear();
    return touchPlaylist(playlistId, QStringLiteral("deleted_at"), QVariant(QMetaType(QMetaType::QString)));
}

Result<QList<Playlist>> PlaylistStore::playlists(bool includeDeleted) const
{
    QList<Playlist> out;
    QSqlQuery q(m_db.connection());
    q.setForwardOnly(true);
    const QString sql = QLatin1String(kPlaylistSelect)
        + (includeDeleted ? QString() : QStringLiteral(" WHERE p.deleted_at IS NULL "))
        + QStringLiteral(" ORDER BY p.name COLLATE NOCASE, p.created_at");
    if (!q.exec(sql))
        return playlistsUnreadable(q);
    while (q.next())
        out << playlistFromQuery(q);
    q.finish();
    for (Playlist &p : out)
        if (const Status counted = countSmart(p); !counted)
            return Failure{counted.error()};
    return out;
}

Result<std::optional<Playlist>> PlaylistStore::playlist(const QString &playlistId) const
{
    QSqlQuery q(m_db.connection());
    const bool prepared = q.prepare(QLatin1String(kPlaylistSelect) + QStringLiteral(" WHERE p.id = ?"));
    q.addBindValue(playlistId);
    if (!prepared || !q.exec())
        return playlistsUnreadable(q);
    if (!q.next())
        return std::optional<Playlist>();
    Playlist p = playlistFromQuery(q);
    q.finish();
    if (const Status counted = countSmart(p); !counted)
        return Failure{counted.error()};
    return std::optional<Playlist>(std::move(p));
}

Status PlaylistStore::countSmart(Playlist &p) const
{
    if (!p.smart)
        return Done{};
    const auto rule = SmartRule::fromDescription(p.description);
    if (!rule) // a rule this version cannot read: shown as empty, as its entries would be
        return Done{};
    const Result<QList<Track>> tracks = SmartPlaylist(m_db).tracks(*rule);
    if (!tracks)
        return Failure{tracks.error()};
    p.trackCount = int(tracks->size());
    return Done{};
}

QString PlaylistStore::createSmart(const QString &name, const SmartRule &rule)
{
    m_error = rule.validate();
    if (!m_error.isEmpty())
        return {};
    return create(name, rule.toDescription());
}

bool PlaylistStore::setSmartRule(const QString &playlistId, const SmartRule &rule)
{
    m_error = rule.validate();
    if (!m_error.isEmpty())
        return false;
    const Result<std::optional<SmartRule>> current = smartRule(playlistId);
    if (!current) {
        m_error = current.error();
        return false;
    }
    if (!*current) {
        m_error = QCoreApplication::translate("ekn::PlaylistStore", "%1 is not a smart playlist")
                      .arg(playlistId);
        return false;
    }
    return touchPlaylist(playlistId, QStringLiteral("description"), rule.toDescription());
}

Result<std::optional<SmartRule>> PlaylistStore::smartRule(const QString &playlistId) const
{
    QSqlQuery q(m_db.connection());
    const bool prepared = q.prepare(QStringLiteral("SELECT description FROM playlists WHERE id = ?"));
    q.addBindValue(playlistId);
    if (!prepared || !q.exec())
        return playlistsUnreadable(q);
    if (!q.next())
        return std::optional<SmartRule>();
    return SmartRule::fromDescription(q.value(0).toString());
}

// True (with errorString()) when the playlist's entries must not be edited: it is smart, or
// whether it is could not be read.
bool PlaylistStore::refuseSmart(const QString &playlistId)
{
    const Result<std::optional<SmartRule>> rule = smartRule(playlistId);
    if (!rule) {
        m_error = rule.error();
        return true;
    }
    if (!*rule)
        return false;
    m_error = QCoreApplication::translate("ekn::PlaylistStore",
                                          "a smart playlist's tracks come from its rule: edit "
                                          "the rule instead of its entries");
    return true;
}

int PlaylistStore::addTracks(const QString &playlistId, const QStringList &trackIds, int position)
{
    m_error.clear();
    if (refuseSmart(playlistId))
        return 0;
    QSqlDatabase db = m_db.connection();
    Result<WriteTransaction> tx = WriteTransaction::begin(db);
    if (!tx) {
        m_error = tx.error();
        return {};
    }
    bool ok = false;
    QStringList order = entryIds(db, playlistId, &ok);
    if (!ok) {
        m_error = db.lastError().text();
        return 0;
    }
    const Result<std::optional<Playlist>> target = playlist(playlistId);
    if (!target || !*target) {
        m_error = !target ? target.error()
                          : QCoreApplication::translate("ekn::PlaylistStore", "no playlist with id %1").arg(playlistId);
        return 0;
    }
    int insertAt = (position < 0 || position > order.size()) ? int(order.size()) : position;
    const QString now = libraryTimestamp();
    QSqlQuery q(db);
    q.prepare(QStringLiteral(R"sql(INSERT OR IGNORE INTO playlist_tracks (id,
                             playlist_id, track_id, position, added_at)
                             VALUES (?, ?, ?, ?, ?))sql"));
    int added = 0;
    for (const QString &trackId : trackIds) {
        const QString id = newLibraryId();
        // Appended at the end first; writePositions() below puts everything in place.
        q.addBindValue(id);
        q.addBindValue(playlistId);
        q.addBindValue(trackId);
        q.addBindValue(insertAt);
        q.addBindValue(now);
        if (!q.exec()) {
            m_error = q.lastError().text(); // e.g. an unknown track id (foreign key)
            return 0;
        }
        if (q.numRowsAffected() != 1)
            continue; // already in the playlist
        const QJsonObject fields{{QStringLiteral("playlist_id"), playlistId},
                                 {QStringLiteral("track_id"), trackId},
                                 {QStringLiteral("position"), insertAt},
                                 {QStringLiteral("added_at"), now}};
        if (!Outbox::record(db, QStringLiteral("playlist_tracks"), id, QStringLiteral("insert"), fields)) {
            m_error = db.lastError().text();
            return 0;
        }
        order.insert(insertAt++, id);
        ++added;
    }
    if (added == 0)
        return 0;
    if (!writePositions(db, order) || !touchPlaylistInTx(db, playlistId) || !tx->commit()) {
        m_error = whyWriteFailed(*tx, QSqlQuery(db), db);
        return 0;
    }
    return added;
}

bool PlaylistStore::moveEntry(const QString &playlistId, int from, int to)
{
    m_error.clear();
    if (refuseSmart(playlistId))
        return false;
    QSqlDatabase db = m_db.connection();
    Result<WriteTransaction> tx = WriteTransaction::begin(db);
    if (!tx) {
        m_error = tx.error();
        return {};
    }
    bool ok = false;
    QStringList order = entryIds(db, playlistId, &ok);
    if (!ok || from < 0 || from >= order.size() || to < 0 || to >= order.size()) {
        m_error = QCoreApplication::translate("ekn::PlaylistStore",
                                              "no entry at position %1 (or %2) in the playlist")
                      .arg(from)
                      .arg(to);
        return false;
    }
    if (from == to)
        return true;
    order.move(from, to);
    if (!writePositions(db, order) || !touchPlaylistInTx(db, playlistId) || !tx->commit()) {
        m_error = whyWriteFailed(*tx, QSqlQuery(db), db);
        return false;
    }
    return true;
}

bool PlaylistStore::removeEntry(const QString &playlistId, int position)
{
    m_error.clear();
    if (refuseSmart(playlistId))
        return false;
    QSqlDatabase db = m_db.connection();
    Result<WriteTransaction> tx = WriteTransaction::begin(db);
    if (!tx) {
        m_error = tx.error();
        return {};
    }
    bool ok = false;
    QStringList order = entryIds(db, playlistId, &ok);
    if (!ok || position < 0 || position >= order.size()) {
        m_error = QCoreApplication::translate("ekn::PlaylistStore",
                                              "no entry at position %1 in the playlist")
                      .arg(position);
        return false;
    }
    const QString id = order.takeAt(position);
    // playlist_tracks has no deleted_at on the server: membership is removed, the track stays.
    QSqlQuery q(db);
    q.prepare(QStringLiteral("DELETE FROM playlist_tracks WHERE id = ?"));
    q.addBindValue(id);
    if (!q.exec()
        || !Outbox::record(db, QStringLiteral("playlist_tracks"), id, QStringLiteral("delete"),
                           QJsonObject{{QStringLiteral("playlist_id"), playlistId}})
        || !writePositions(db, order) || !touchPlaylistInTx(db, playlistId) || !tx->commit()) {
        m_error = whyWriteFailed(*tx, q, db);
        return false;
    }
    return true;
}

bool PlaylistStore::touchPlaylistInTx(QSqlDatabase &db, const QString &playlistId)
{
    const QString now = libraryTimestamp();
    QSqlQuery q(db);
    q.prepare(QStringLiteral("UPDATE playlists SET updated_at = ? WHERE id = ?"));
    q.addBindValue(now);
    q.addBindValue(playlistId);
    return q.exec()
        && Outbox::record(db, QStringLiteral("playlists"), playlistId, QStringLiteral("update"),
                          QJsonObject{{QStringLiteral("updated_at"), now}});
}

Result<QList<PlaylistEntry>> PlaylistStore::smartEntries(const SmartRule &rule) const
{
    QList<PlaylistEntry> out;
    const Result<QList<Track>> tracks = SmartPlaylist(m_db).tracks(rule);
    if (!tracks)
        return Failure{tracks.error()};
    for (const Track &t : tracks.value()) {
        PlaylistEntry e;
        e.position = int(out.size());
        e.track = t;
        out << e;
    }
    return out;
}

Result<QList<PlaylistEntry>> PlaylistStore::entries(const QString &playlistId) const
{
    const Result<std::optional<SmartRule>> rule = smartRule(playlistId);
    if (!rule)
        return Failure{rule.error()};
    if (*rule)
        return smartEntries(**rule);
    QList<PlaylistEntry> out;
    QSqlQuery q(m_db.connection());
    q.setForwardOnly(true);
    const bool prepared = q.prepare(QStringLiteral("SELECT pt.id, pt.position, ") + trackSelectSql().mid(7)
              + QStringLiteral(R"sql( JOIN playlist_tracks pt ON pt.track_id = t.id
                               WHERE pt.playlist_id = ?
                               ORDER BY pt.position, pt.added_at)sql"));
    q.addBindValue(playlistId);
    if (!prepared || !q.exec())
        return playlistsUnreadable(q);
    while (q.next()) {
        PlaylistEntry e;
        e.id = q.value(0).toString();
        e.position = q.value(1).toInt();
        e.track = trackFromQuery(q, 2);
        out << e;
    }
    return out;
}

} // namespace ekn
