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

// A statement's result as a Status: SQLite's reason when it failed (never an empty message).
Status ran(bool ok, const QSqlQuery &q)
{
    if (ok)
        return Done{};
    const QString why = q.lastError().text();
    return Failure{why.trimmed().isEmpty() ? QCoreApplication::translate("ekn::PlaylistStore", "the playlist could not be saved") : why};
}

Status committed(WriteTransaction &tx)
{
    const Status done = tx.commit();
    if (done)
        return done;
    const QString why = done.error();
    return Failure{why.trimmed().isEmpty() ? QCoreApplication::translate("ekn::PlaylistStore", "the playlist could not be saved") : why};
}

// The name as it is stored (trimmed), or why it cannot be one: the server keeps names in
// VARCHAR(255), so a longer one would be refused at every sync.
Result<QString> storableName(const QString &name)
{
    constexpr qsizetype kMaxChars = 255;
    const QString trimmed = name.trimmed();
    if (trimmed.isEmpty())
        return Failure{QCoreApplication::translate("ekn::PlaylistStore", "a playlist needs a name")};
    if (std::any_of(trimmed.cbegin(), trimmed.cend(), [](QChar c) { return c.category() == QChar::Other_Control; }))
        return Failure{QCoreApplication::translate("ekn::PlaylistStore", "a playlist name cannot contain line breaks or control characters")};
    const qsizetype chars = trimmed.toUcs4().size();
    if (chars > kMaxChars)
        return Failure{QCoreApplication::translate("ekn::PlaylistStore", "a playlist name can have at most %1 characters (this one has %2)").arg(kMaxChars).arg(chars)};
    return trimmed;
}

// Entry ids of a playlist in order.
Result<QStringList> entryIds(QSqlDatabase &db, const QString &playlistId)
{
    QStringList ids;
    QSqlQuery q(db);
    const bool prepared =
        q.prepare(QStringLiteral("SELECT id FROM playlist_tracks WHERE playlist_id = ? ORDER BY position, added_at"));
    q.addBindValue(playlistId);
    if (!prepared || !q.exec())
        return Failure{QCoreApplication::translate("ekn::PlaylistStore", "cannot read the playlist's entries: %1").arg(q.lastError().text())};
    while (q.next())
        ids << q.value(0).toString();
    return ids;
}

// Writes dense positions 0..n-1 for the given order; only rows whose position changes are
// written (and get an outbox row).
Status writePositions(QSqlDatabase &db, const QStringList &ids)
{
    QSqlQuery current(db);
    QSqlQuery update(db);
    const bool prepared = current.prepare(QStringLiteral("SELECT position FROM playlist_tracks WHERE id = ?"))
        && update.prepare(QStringLiteral("UPDATE playlist_tracks SET position = ? WHERE id = ?"));
    if (!prepared) // the failed one says why (a prepare failure is what names a missing table)
        return ran(false, current.lastError().isValid() ? current : update);
    for (int i = 0; i < ids.size(); ++i) {
        current.addBindValue(ids[i]);
        if (const Status read = ran(current.exec() && current.next(), current); !read)
            return read;
        const int old = current.value(0).toInt();
        current.finish();
        if (old == i)
            continue;
        update.addBindValue(i);
        update.addBindValue(ids[i]);
        if (const Status moved = ran(update.exec(), update); !moved)
            return moved;
        if (Status recorded = Outbox::record(db, QStringLiteral("playlist_tracks"), ids[i], QStringLiteral("update"),
                                             QJsonObject{{QStringLiteral("position"), i}});
            !recorded)
            return recorded;
    }
    return Done{};
}

// Bumps updated_at inside the caller's transaction: an entry change syncs with its playlist.
Status touchPlaylistInTx(QSqlDatabase &db, const QString &playlistId)
{
    const QString now = libraryTimestamp();
    QSqlQuery q(db);
    const bool prepared = q.prepare(QStringLiteral("UPDATE playlists SET updated_at = ? WHERE id = ?"));
    q.addBindValue(now);
    q.addBindValue(playlistId);
    if (const Status updated = ran(prepared && q.exec(), q); !updated)
        return updated;
    return Outbox::record(db, QStringLiteral("playlists"), playlistId, QStringLiteral("update"),
                          QJsonObject{{QStringLiteral("updated_at"), now}});
}

// The last steps of every entry edit: new positions, the playlist touched, COMMIT.
Status finishEntryEdit(QSqlDatabase &db, WriteTransaction &tx, const QString &playlistId, const QStringList &order)
{
    if (const Status written = writePositions(db, order); !written)
        return written;
    if (const Status touched = touchPlaylistInTx(db, playlistId); !touched)
        return touched;
    return committed(tx);
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

Result<QString> PlaylistStore::create(const QString &name, const QString &description)
{
    const Result<QString> trimmed = storableName(name);
    if (!trimmed)
        return Failure{trimmed.error()};
    QSqlDatabase db = m_db.connection();
    Result<WriteTransaction> tx = WriteTransaction::begin(db);
    if (!tx)
        return Failure{tx.error()};
    const QString id = newLibraryId();
    const QString now = libraryTimestamp();
    QSqlQuery q(db);
    const bool prepared = q.prepare(QStringLiteral(R"sql(INSERT INTO playlists (id, name, description,
                             is_public, created_at, updated_at)
                             VALUES (?, ?, ?, 0, ?, ?))sql"));
    q.addBindValue(id);
    q.addBindValue(*trimmed);
    q.addBindValue(description);
    q.addBindValue(now);
    q.addBindValue(now);
    if (const Status inserted = ran(prepared && q.exec(), q); !inserted)
        return Failure{inserted.error()};
    const QJsonObject fields{{QStringLiteral("name"), *trimmed},
                             {QStringLiteral("description"), description},
                             {QStringLiteral("is_public"), false}};
    if (const Status recorded = Outbox::record(db, QStringLiteral("playlists"), id, QStringLiteral("insert"), fields);
        !recorded)
        return Failure{recorded.error()};
    if (const Status done = committed(*tx); !done)
        return Failure{done.error()};
    return id;
}

Status PlaylistStore::touchPlaylist(const QString &playlistId, const QString &field, const QVariant &value)
{
    QSqlDatabase db = m_db.connection();
    Result<WriteTransaction> tx = WriteTransaction::begin(db);
    if (!tx)
        return Failure{tx.error()};
    QSqlQuery q(db);
    const bool prepared = q.prepare(QStringLiteral("UPDATE playlists SET %1 = ?, updated_at = ? WHERE id = ?").arg(field));
    q.addBindValue(value);
    q.addBindValue(libraryTimestamp());
    q.addBindValue(playlistId);
    if (const Status updated = ran(prepared && q.exec(), q); !updated)
        return updated;
    if (q.numRowsAffected() != 1)
        return Failure{QCoreApplication::translate("ekn::PlaylistStore", "no playlist with id %1").arg(playlistId)};
    const QJsonObject fields{{field, QJsonValue::fromVariant(value)}};
    if (Status recorded = Outbox::record(db, QStringLiteral("playlists"), playlistId, QStringLiteral("update"), fields);
        !recorded)
        return recorded;
    return committed(*tx);
}

Status PlaylistStore::setPublishedHere(const QString &playlistId, bool published)
{
    QSqlQuery q(m_db.connection());
    const bool prepared = q.prepare(QStringLiteral("UPDATE playlists SET is_public = ? WHERE id = ?"));
    q.addBindValue(published ? 1 : 0);
    q.addBindValue(playlistId);
    if (const Status updated = ran(prepared && q.exec(), q); !updated)
        return updated;
    if (q.numRowsAffected() != 1)
        return Failure{QCoreApplication::translate("ekn::PlaylistStore", "no playlist with id %1").arg(playlistId)};
    return Done{};
}

Status PlaylistStore::rename(const QString &playlistId, const QString &name)
{
    const Result<QString> trimmed = storableName(name);
    if (!trimmed)
        return Failure{trimmed.error()};
    return touchPlaylist(playlistId, QStringLiteral("name"), *trimmed);
}

Status PlaylistStore::remove(const QString &playlistId)
{
    return touchPlaylist(playlistId, QStringLiteral("deleted_at"), libraryTimestamp());
}

Status PlaylistStore::restore(const QString &playlistId)
{
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

Result<QString> PlaylistStore::createSmart(const QString &name, const SmartRule &rule)
{
    if (const QString bad = rule.validate(); !bad.isEmpty())
        return Failure{bad};
    return create(name, rule.toDescription());
}

Status PlaylistStore::setSmartRule(const QString &playlistId, const SmartRule &rule)
{
    if (const QString bad = rule.validate(); !bad.isEmpty())
        return Failure{bad};
    const Result<std::optional<SmartRule>> current = smartRule(playlistId);
    if (!current)
        return Failure{current.error()};
    if (!*current)
        return Failure{QCoreApplication::translate("ekn::PlaylistStore", "%1 is not a smart playlist").arg(playlistId)};
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

// A Failure when the playlist's entries must not be edited: it is smart, or whether it is
// could not be read.
Status PlaylistStore::refuseSmart(const QString &playlistId) const
{
    const Result<std::optional<SmartRule>> rule = smartRule(playlistId);
    if (!rule)
        return Failure{rule.error()};
    if (!*rule)
        return Done{};
    return Failure{QCoreApplication::translate("ekn::PlaylistStore",
                                               "a smart playlist's tracks come from its rule: edit "
                                               "the rule instead of its entries")};
}

namespace {

// Inserts the tracks at insertAt (in `order` too) with their outbox rows; a track already in
// the playlist is skipped. Returns how many were added.
Result<int> insertEntries(QSqlDatabase &db, const QString &playlistId, const QStringList &trackIds, int insertAt,
                          QStringList &order)
{
    const QString now = libraryTimestamp();
    QSqlQuery q(db);
    const bool prepared = q.prepare(QStringLiteral(R"sql(INSERT OR IGNORE INTO playlist_tracks (id,
                             playlist_id, track_id, position, added_at)
                             VALUES (?, ?, ?, ?, ?))sql"));
    int added = 0;
    for (const QString &trackId : trackIds) {
        const QString id = newLibraryId();
        // At insertAt for now; writePositions() afterwards puts everything in place.
        q.addBindValue(id);
        q.addBindValue(playlistId);
        q.addBindValue(trackId);
        q.addBindValue(insertAt);
        q.addBindValue(now);
        if (const Status inserted = ran(prepared && q.exec(), q); !inserted) // e.g. an unknown track id (foreign key)
            return Failure{inserted.error()};
        if (q.numRowsAffected() != 1)
            continue; // already in the playlist
        const QJsonObject fields{{QStringLiteral("playlist_id"), playlistId},
                                 {QStringLiteral("track_id"), trackId},
                                 {QStringLiteral("position"), insertAt},
                                 {QStringLiteral("added_at"), now}};
        if (const Status recorded = Outbox::record(db, QStringLiteral("playlist_tracks"), id, QStringLiteral("insert"), fields);
            !recorded)
            return Failure{recorded.error()};
        order.insert(insertAt++, id);
        ++added;
    }
    return added;
}

} // namespace

Status PlaylistStore::editEntries(const QString &playlistId, const EntryEdit &edit)
{
    if (const Status editable = refuseSmart(playlistId); !editable)
        return editable;
    QSqlDatabase db = m_db.connection();
    Result<WriteTransaction> tx = WriteTransaction::begin(db);
    if (!tx)
        return Failure{tx.error()};
    Result<QStringList> order = entryIds(db, playlistId);
    if (!order)
        return Failure{order.error()};
    const Result<bool> changed = edit(db, *order);
    if (!changed)
        return Failure{changed.error()};
    if (!*changed)
        return Done{}; // nothing to write: the transaction ends without a change
    return finishEntryEdit(db, *tx, playlistId, *order);
}

Result<int> PlaylistStore::addTracks(const QString &playlistId, const QStringList &trackIds, int position)
{
    int added = 0;
    const Status edited = editEntries(playlistId, [&](QSqlDatabase &db, QStringList &order) -> Result<bool> {
        const Result<std::optional<Playlist>> target = playlist(playlistId);
        if (!target)
            return Failure{target.error()};
        if (!*target)
            return Failure{QCoreApplication::translate("ekn::PlaylistStore", "no playlist with id %1").arg(playlistId)};
        const int insertAt = (position < 0 || position > order.size()) ? int(order.size()) : position;
        const Result<int> inserted = insertEntries(db, playlistId, trackIds, insertAt, order);
        if (!inserted)
            return Failure{inserted.error()};
        added = *inserted;
        return added > 0;
    });
    if (!edited)
        return Failure{edited.error()};
    return added;
}

Status PlaylistStore::moveEntry(const QString &playlistId, int from, int to)
{
    return editEntries(playlistId, [&](QSqlDatabase &, QStringList &order) -> Result<bool> {
        if (from < 0 || from >= order.size() || to < 0 || to >= order.size())
            return Failure{
                QCoreApplication::translate("ekn::PlaylistStore", "no entry at position %1 (or %2) in the playlist")
                    .arg(from)
                    .arg(to)};
        order.move(from, to);
        return from != to;
    });
}

Status PlaylistStore::removeEntry(const QString &playlistId, int position)
{
    return editEntries(playlistId, [&](QSqlDatabase &db, QStringList &order) -> Result<bool> {
        if (position < 0 || position >= order.size())
            return Failure{QCoreApplication::translate("ekn::PlaylistStore", "no entry at position %1 in the playlist")
                               .arg(position)};
        const QString id = order.takeAt(position);
        // playlist_tracks has no deleted_at on the server: membership is removed, the track stays.
        QSqlQuery q(db);
        const bool prepared = q.prepare(QStringLiteral("DELETE FROM playlist_tracks WHERE id = ?"));
        q.addBindValue(id);
        if (const Status deleted = ran(prepared && q.exec(), q); !deleted)
            return Failure{deleted.error()};
        if (const Status recorded = Outbox::record(db, QStringLiteral("playlist_tracks"), id, QStringLiteral("delete"),
                                                   QJsonObject{{QStringLiteral("playlist_id"), playlistId}});
            !recorded)
            return Failure{recorded.error()};
        return true;
    });
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
