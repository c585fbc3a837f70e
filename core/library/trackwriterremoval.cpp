// TrackWriter's removals: tracks taken out of the library with their folder (or by the user)
// and brought back, as soft deletes with their outbox rows.
#include "library/trackwriter.h"

#include "common/logging.h"

#include <QSqlError>
#include <QSqlQuery>

namespace ekn {

namespace {

// Paths under a folder as a range of the unique path index: every NFC path that starts with
// "root/" sorts between "root/" and "root0" ('0' follows '/'), compared byte by byte.
std::pair<QString, QString> pathRange(const QString &root)
{
    QString from = root.normalized(QString::NormalizationForm_C);
    if (!from.endsWith(QLatin1Char('/')))
        from += QLatin1Char('/');
    QString to = from;
    to.back() = QLatin1Char('0');
    return {from, to};
}

} // namespace

Result<bool> TrackWriter::setRemoved(const QString &trackId, bool removed)
{
    const QVariant deletedAt = removed ? QVariant(now()) : QVariant(QMetaType(QMetaType::QString));
    QSqlQuery &u = query(removed ? QStringLiteral(R"sql(UPDATE music_tracks
            SET deleted_at = ?, updated_at = ?
            WHERE id = ? AND deleted_at IS NULL)sql")
                                 : QStringLiteral(R"sql(UPDATE music_tracks
                                         SET deleted_at = ?, updated_at = ?
                                         WHERE id = ? AND deleted_at IS NOT NULL
                                         AND id IN (SELECT track_id FROM library_removals))sql"));
    u.addBindValue(deletedAt);
    u.addBindValue(now());
    u.addBindValue(trackId);
    if (Status updated = exec(u); !updated)
        return Failure{updated.error()};
    if (u.numRowsAffected() != 1)
        return false; // already out (or not ours to bring back): nothing to sync
    QSqlQuery &mark = query(removed ? QStringLiteral("INSERT OR REPLACE INTO library_removals (track_id, removed_at) VALUES (?, ?)")
                                    : QStringLiteral("DELETE FROM library_removals WHERE track_id = ?"));
    mark.addBindValue(trackId);
    if (removed)
        mark.addBindValue(now());
    if (Status marked = exec(mark); !marked)
        return Failure{marked.error()};
    if (Status recorded = outbox(QStringLiteral("music_tracks"), trackId, QStringLiteral("update"),
                                 QJsonObject{{QStringLiteral("deleted_at"), QJsonValue::fromVariant(deletedAt)}});
        !recorded)
        return Failure{recorded.error()};
    return true;
}

Result<QStringList> TrackWriter::idsUnder(const QString &sql, const QString &root)
{
    const auto [from, to] = pathRange(root);
    QSqlQuery &q = query(sql);
    q.addBindValue(from);
    q.addBindValue(to);
    if (Status read = exec(q); !read)
        return Failure{read.error()};
    QStringList ids;
    while (q.next())
        ids.append(q.value(0).toString());
    q.finish();
    return ids;
}

Result<QStringList> TrackWriter::removeRoot(const QString &path)
{
    const Result<QStringList> under = idsUnder(QStringLiteral(R"sql(SELECT f.track_id
                                 FROM track_files f
                                 JOIN music_tracks t ON t.id = f.track_id
                                 WHERE f.path >= ? AND f.path < ? AND t.deleted_at IS NULL)sql"),
                                               path);
    if (!under)
        return under;
    Result<QStringList> removed = removeTracks(*under);
    if (!removed)
        return removed;
    QSqlQuery &q = query(QStringLiteral("DELETE FROM library_roots WHERE path = ?"));
    q.addBindValue(path.normalized(QString::NormalizationForm_C));
    if (Status forgotten = exec(q); !forgotten)
        return Failure{forgotten.error()};
    return removed;
}

Result<QStringList> TrackWriter::setEachRemoved(const QStringList &trackIds, bool removed)
{
    QStringList ids;
    for (const QString &id : trackIds) {
        const Result<bool> changed = setRemoved(id, removed);
        if (!changed)
            return Failure{changed.error()};
        if (*changed)
            ids.append(id);
    }
    return ids;
}

Result<QStringList> TrackWriter::removeTracks(const QStringList &trackIds)
{
    return setEachRemoved(trackIds, true);
}

Result<QStringList> TrackWriter::restoreRemovedUnder(const QString &root)
{
    const Result<QStringList> under = idsUnder(QStringLiteral(R"sql(SELECT f.track_id
                                   FROM track_files f
                                   JOIN library_removals r ON r.track_id = f.track_id
                                   WHERE f.path >= ? AND f.path < ?)sql"),
                                               root);
    if (!under)
        return under;
    return restoreTracks(*under);
}

Result<QStringList> TrackWriter::restoreTracks(const QStringList &trackIds)
{
    return setEachRemoved(trackIds, false);
}

} // namespace ekn
