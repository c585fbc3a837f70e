#include "library/playtallies.h"

#include "library/librarydatabase.h"
#include "library/outbox.h"
#include "library/writetransaction.h"

#include <QCoreApplication>
#include <QSqlError>
#include <QSqlQuery>

#include <algorithm>

namespace ekn {

namespace {

// The UTC text form of every timestamp in the library, whatever offset `t` was made with.
QString utcText(const QDateTime &t)
{
    return t.toUTC().toString(Qt::ISODateWithMs);
}

QString noTrack(const QString &id)
{
    return QCoreApplication::translate("ekn::PlayTallies", "no track with id %1").arg(id);
}

Result<bool> count(const LibraryDatabase &library, const QString &trackId, bool play,
                   const QDateTime &at)
{
    QSqlDatabase db = library.connection();
    auto tx = WriteTransaction::begin(db);
    if (!tx)
        return Failure{tx.error()};
    QSqlQuery q(db);
    q.prepare(QStringLiteral("SELECT 1 FROM music_tracks WHERE id = ? AND deleted_at IS NULL"));
    q.addBindValue(trackId);
    if (!q.exec())
        return Failure{q.lastError().text()};
    if (!q.next())
        return Failure{noTrack(trackId)};
    q.finish();
    QSqlQuery u(db);
    u.prepare(play ? QStringLiteral(
                         R"sql(INSERT INTO track_play_tallies (track_id,
                         own_plays, own_last_played)
                         VALUES (?, 1, ?)
                         ON CONFLICT (track_id)
                         DO UPDATE SET own_plays = own_plays + 1, own_last_played = CASE
                         WHEN own_last_played IS NULL
                         OR own_last_played < excluded.own_last_played
                         THEN excluded.own_last_played ELSE own_last_played END)sql")
                   : QStringLiteral(
                         R"sql(INSERT INTO track_play_tallies (track_id, own_skips)
                         VALUES (?, 1)
                         ON CONFLICT (track_id)
                         DO UPDATE SET own_skips = own_skips + 1)sql"));
    u.addBindValue(trackId);
    if (play)
        u.addBindValue(utcText(at));
    if (!u.exec())
        return Failure{QCoreApplication::translate("ekn::PlayTallies", "cannot count a play: %1")
                           .arg(u.lastError().text())};
    if (const Status recorded = Outbox::record(db, PlayTallies::outboxTable(), trackId, QStringLiteral("update"), {});
        !recorded)
        return Failure{recorded.error()};
    if (const Status committed = tx->commit(); !committed)
        return Failure{committed.error()};
    return true;
}

Failure talliesNotMoved(const QSqlQuery &q)
{
    return Failure{QCoreApplication::translate("ekn::PlayTallies", "cannot move a track's play counts: %1")
                       .arg(q.lastError().text())};
}

} // namespace

Result<bool> PlayTallies::recordPlay(const LibraryDatabase &db, const QString &trackId,
                                     const QDateTime &at)
{
    return count(db, trackId, true, at);
}

Result<bool> PlayTallies::recordSkip(const LibraryDatabase &db, const QString &trackId)
{
    return count(db, trackId, false, {});
}

Result<QHash<QString, OwnTally>> PlayTallies::own(QSqlDatabase &db, const QStringList &trackIds)
{
    QHash<QString, OwnTally> out;
    for (qsizetype i = 0; i < trackIds.size(); i += 500) {
        const QStringList chunk = trackIds.mid(i, 500);
        QSqlQuery q(db);
        q.setForwardOnly(true);
        QStringList marks(chunk.size(), QStringLiteral("?"));
        q.prepare(QStringLiteral(R"sql(SELECT track_id, own_plays, own_skips, own_last_played
                                 FROM track_play_tallies
                                 WHERE track_id IN (%1))sql")
                      .arg(marks.join(QLatin1Char(','))));
        for (const QString &id : chunk)
            q.addBindValue(id);
        if (!q.exec())
            return Failure{q.lastError().text()};
        while (q.next())
            out.insert(q.value(0).toString(),
                       OwnTally{q.value(1).toLongLong(), q.value(2).toLongLong(), q.value(3).toString()});
        if (q.lastError().isValid())
            return Failure{q.lastError().text()};
    }
    return out;
}

Status PlayTallies::moveOwn(QSqlDatabase &db, const QString &fromId, const QString &toId)
{
    QSqlQuery q(db);
    q.prepare(QStringLiteral(
        R"sql(INSERT INTO track_play_tallies (track_id, own_plays,
        own_skips, own_last_played)
        SELECT ?, own_plays, own_skips, own_last_played
        FROM track_play_tallies
        WHERE track_id = ? AND (own_plays > 0 OR own_skips > 0)
        ON CONFLICT (track_id)
        DO UPDATE SET own_plays = own_plays + excluded.own_plays,
        own_skips = own_skips + excluded.own_skips, own_last_played = CASE
        WHEN own_last_played IS NULL OR own_last_played < excluded.own_last_played
        THEN excluded.own_last_played ELSE own_last_played END)sql"));
    q.addBindValue(toId);
    q.addBindValue(fromId);
    if (!q.exec())
        return talliesNotMoved(q);
    if (q.numRowsAffected() == 0)
        return Done{};
    QSqlQuery z(db);
    z.prepare(QStringLiteral(R"sql(UPDATE track_play_tallies
                             SET own_plays = 0, own_skips = 0, own_last_played = NULL
                             WHERE track_id = ?)sql"));
    z.addBindValue(fromId);
    if (!z.exec())
        return talliesNotMoved(z);
    return Outbox::record(db, outboxTable(), toId, QStringLiteral("update"), {});
}

Status PlayTallies::applyPulled(QSqlDatabase &db, const QString &trackId, const QJsonObject &tallies,
                                const QString &thisDevice)
{
    qint64 plays = 0, skips = 0;
    QString last;
    for (auto it = tallies.begin(); it != tallies.end(); ++it) {
        if (it.key() == thisDevice)
            continue;
        const QJsonObject t = it.value().toObject();
        plays += std::max<qint64>(0, t.value(QLatin1String("plays")).toInteger());
        skips += std::max<qint64>(0, t.value(QLatin1String("skips")).toInteger());
        const QString l = t.value(QLatin1String("last_played")).toString();
        if (!l.isEmpty()) {
            // The server's text form is this library's (UTC, ms, Z); parse anyway so that a
            // different spelling still compares by time, not by characters.
            const QDateTime d = QDateTime::fromString(l, Qt::ISODateWithMs);
            const QString norm = d.isValid() ? utcText(d) : QString();
            if (norm > last)
                last = norm;
        }
    }
    QSqlQuery u(db);
    u.prepare(QStringLiteral(
        R"sql(INSERT INTO track_play_tallies (track_id, other_plays,
        other_skips, other_last_played)
        VALUES (?, ?, ?, ?)
        ON CONFLICT (track_id)
        DO UPDATE SET other_plays = excluded.other_plays,
        other_skips = excluded.other_skips, other_last_played = excluded.other_last_played
        WHERE other_plays IS NOT excluded.other_plays
        OR other_skips IS NOT excluded.other_skips
        OR other_last_played IS NOT excluded.other_last_played)sql"));
    u.addBindValue(trackId);
    u.addBindValue(plays);
    u.addBindValue(skips);
    u.addBindValue(last.isEmpty() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(last));
    if (u.exec())
        return Done{};
    return Failure{u.lastError().text()}; // the pull says what it was doing
}

} // namespace ekn
