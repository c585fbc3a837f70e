#include "library/indexdeferral.h"

#include "common/logging.h"
#include "library/searchdeferral.h"
#include "library/writetransaction.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QSqlError>
#include <QSqlQuery>

namespace ekn {

bool IndexDeferral::deferIfEmpty(const QSqlDatabase &db)
{
    Result<WriteTransaction> tx = WriteTransaction::begin(db);
    if (!tx) {
        qCWarning(lcLibrary) << "cannot defer the indexes:" << tx.error();
        return false; // the bulk load goes on with every index in place
    }
    QSqlQuery q(db);
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT EXISTS (SELECT 1 FROM music_tracks)")) || !q.next() || q.value(0).toBool())
        return false;
    q.finish();
    // Named indexes only: the ones behind PRIMARY KEY and UNIQUE (sql IS NULL) keep every
    // insert's conflict checks.
    if (!q.exec(QStringLiteral(R"sql(SELECT name, sql
                               FROM sqlite_master
                               WHERE type = 'index' AND sql IS NOT NULL
                               AND tbl_name IN ('music_tracks', 'track_files'))sql")))
        return false;
    QList<std::pair<QString, QString>> indexes;
    while (q.next())
        indexes.append({q.value(0).toString(), q.value(1).toString()});
    q.finish();
    if (indexes.isEmpty())
        return false;
    QSqlQuery save(db);
    save.prepare(QStringLiteral("INSERT OR REPLACE INTO deferred_indexes (name, sql) VALUES (?, ?)"));
    for (const auto &[name, sql] : std::as_const(indexes)) {
        save.addBindValue(name);
        save.addBindValue(sql);
        QSqlQuery drop(db);
        if (!save.exec() || !drop.exec(QStringLiteral("DROP INDEX \"%1\"").arg(name))) {
            qCWarning(lcLibrary) << "cannot defer the index" << name << save.lastError().text()
                                 << drop.lastError().text();
            return false; // rolled back: every index stays
        }
    }
    if (!tx->commit())
        return false;
    qCDebug(lcLibrary) << "bulk load into an empty library:" << indexes.size() << "indexes built at the end";
    return true;
}

Status IndexDeferral::finishDeferred(QSqlDatabase &db)
{
    if (const Result<int> indexed = SearchDeferral::finishBacklog(db); !indexed)
        return Failure{indexed.error()};
    return restore(db);
}

Status IndexDeferral::restore(const QSqlDatabase &db)
{
    QSqlQuery q(db);
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT name, sql FROM deferred_indexes")))
        return Failure{QCoreApplication::translate("ekn::IndexDeferral", "cannot read the library's deferred indexes: %1")
                           .arg(q.lastError().text())};
    QList<std::pair<QString, QString>> indexes;
    while (q.next())
        indexes.append({q.value(0).toString(), q.value(1).toString()});
    q.finish();
    if (indexes.isEmpty())
        return Done{};
    QElapsedTimer timer;
    timer.start();
    Result<WriteTransaction> tx = WriteTransaction::begin(db);
    if (!tx)
        return Failure{tx.error()};
    for (const auto &[name, sql] : std::as_const(indexes)) {
        QSqlQuery build(db);
        // Saved as CREATE INDEX name ...: IF NOT EXISTS makes a second run harmless.
        QString create = sql;
        create.replace(QStringLiteral("CREATE INDEX "), QStringLiteral("CREATE INDEX IF NOT EXISTS "));
        QSqlQuery forget(db);
        forget.prepare(QStringLiteral("DELETE FROM deferred_indexes WHERE name = ?"));
        forget.addBindValue(name);
        if (!build.exec(create) || !forget.exec())
            return Failure{QCoreApplication::translate("ekn::IndexDeferral", "cannot build the index %1: %2")
                               .arg(name, build.lastError().text())};
    }
    if (const Status committed = tx->commit(); !committed)
        return committed;
    qCDebug(lcLibrary) << "built" << indexes.size() << "deferred indexes in" << timer.elapsed() << "ms";
    return Done{};
}

} // namespace ekn
