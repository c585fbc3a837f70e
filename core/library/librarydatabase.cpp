#include "library/librarydatabase.h"

#include "library/trackfields.h"

#include "common/logging.h"
#include "common/scopedtransaction.h"
#include "library/indexdeferral.h"
#include "library/searchdeferral.h"

#include <QCoreApplication>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QUuid>
#include <atomic>
#include <map>

namespace ekn {

namespace {

// Connections opened by this thread, removed when the thread ends (std::thread or QThread),
// so a finished worker never leaves a connection behind that another thread could pick up.
std::atomic<int> g_threadCounter{0};

struct ThreadConnections
{
    int threadNo = ++g_threadCounter;
    QStringList names;
    ~ThreadConnections()
    {
        for (const QString &name : std::as_const(names))
            QSqlDatabase::removeDatabase(name);
    }
};

thread_local ThreadConnections t_connections;

std::map<int, QString> schemaFiles()
{
    static const QRegularExpression re(QStringLiteral("^(\\d+)_[A-Za-z0-9_]+\\.sql$"));
    std::map<int, QString> files;
    QDirIterator it(QStringLiteral(":/local-schema"), QDir::Files);
    while (it.hasNext()) {
        it.next();
        const QRegularExpressionMatch m = re.match(it.fileName());
        if (m.hasMatch())
            files[m.captured(1).toInt()] = it.filePath();
    }
    return files;
}

// Splits a schema file into statements: one per `;` at the end of a line, except inside a
// CREATE TRIGGER body, which ends at `END;`. QSQLITE runs one statement per exec().
QStringList splitStatements(const QString &sql)
{
    QStringList out;
    QString current;
    bool inTrigger = false;
    const QStringList lines = sql.split(QLatin1Char('\n'));
    for (const QString &line : lines) {
        const QString trimmed = line.trimmed();
        if (trimmed.isEmpty() || trimmed.startsWith(QLatin1String("--")))
            continue;
        current += line + QLatin1Char('\n');
        const QString upper = trimmed.toUpper();
        if (upper.startsWith(QLatin1String("CREATE TRIGGER")))
            inTrigger = true;
        if (inTrigger) {
            if (upper == QLatin1String("END;")) {
                out << current;
                current.clear();
                inTrigger = false;
            }
        } else if (trimmed.endsWith(QLatin1Char(';'))) {
            out << current;
            current.clear();
        }
    }
    if (!current.trimmed().isEmpty())
        out << current;
    return out;
}

// SQLITE_CORRUPT: SQLite's words alone do not tell the user what to do about it.
bool isDamage(const QString &sqliteText)
{
    return sqliteText.contains(QLatin1String("malformed"));
}

QString damaged(const QString &path, const QString &sqliteText)
{
    return QCoreApplication::translate("ekn::LibraryDatabase",
                                       "%1 is damaged (%2): restore it from a backup, or move it away "
                                       "and EKNMusic starts a new library")
        .arg(path, sqliteText);
}

} // namespace

QString LibraryDatabase::fileNameIn(const QString &dataDir)
{
    return QDir(dataDir).filePath(QStringLiteral("library.sqlite"));
}

QString LibraryDatabase::defaultDataDir()
{
    const QString env = qEnvironmentVariable("EKN_DATA_DIR");
    if (!env.isEmpty())
        return env;
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    // Versions that also set the organization name kept the library one level deeper
    // (EKNMusic/EKNMusic): use it where it is rather than start an empty one.
    const QString legacy = QDir(dir).filePath(QCoreApplication::applicationName());
    if (!QFileInfo::exists(fileNameIn(dir)) && QFileInfo::exists(fileNameIn(legacy)))
        return legacy;
    return dir;
}

int LibraryDatabase::latestSchemaVersion()
{
    const auto files = schemaFiles();
    return files.empty() ? 0 : files.rbegin()->first;
}

LibraryDatabase::LibraryDatabase(const QString &filePath)
    : m_path(filePath)
    , m_connectionPrefix(QStringLiteral("ekn-library-") + QUuid::createUuid().toString(QUuid::Id128))
{
}

LibraryDatabase::~LibraryDatabase()
{
    const QString name = m_connectionPrefix + QStringLiteral("-t") + QString::number(t_connections.threadNo);
    if (t_connections.names.removeAll(name) > 0)
        QSqlDatabase::removeDatabase(name);
}

// The folder and the file are usable: SQLite would only say "unable to open database file"
// (or, for a WAL library whose folder is read-only, fail the first read as if the file were not
// a database), so the cause is named here.
Status LibraryDatabase::checkPlace() const
{
    const QFileInfo info(m_path);
    const QFileInfo folder(info.absolutePath());
    if (folder.exists() && !folder.isDir())
        return Failure{QCoreApplication::translate("ekn::LibraryDatabase", "%1 is a file, not a folder")
                           .arg(info.absolutePath())};
    if (!QDir().mkpath(info.absolutePath()))
        return Failure{QCoreApplication::translate("ekn::LibraryDatabase", "cannot create the folder %1")
                           .arg(info.absolutePath())};
    if (info.exists() && !info.isFile())
        return Failure{QCoreApplication::translate("ekn::LibraryDatabase", "%1 is not a file").arg(m_path)};

    if (info.exists() && (!info.isReadable() || !info.isWritable()))
        return Failure{QCoreApplication::translate("ekn::LibraryDatabase",
                                                   "cannot open the library %1: permission denied (it must be "
                                                   "readable and writable by you)")
                           .arg(m_path)};
    if (!QFileInfo(info.absolutePath()).isWritable())
        return Failure{QCoreApplication::translate("ekn::LibraryDatabase",
                                                   "cannot write in the folder %1: permission denied (the "
                                                   "library and its journal live there)")
                           .arg(info.absolutePath())};
    return Done{};
}

// Looks at an existing file on a plain read-only connection first: a file we must refuse
// (not a library, damaged, from a newer version) is left exactly as it was (no WAL switch, no
// migration).
Status LibraryDatabase::checkExistingFile() const
{
    const QFileInfo info(m_path);
    if (!info.exists() || info.size() == 0)
        return Done{};
    int version = 0;
    const QString probeName = m_connectionPrefix + QStringLiteral("-probe");
    bool ours = true;
    QString error;
    {
        QSqlDatabase probe = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), probeName);
        probe.setDatabaseName(m_path);
        probe.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=10000"));
        if (!probe.open()) {
            error = QCoreApplication::translate("ekn::LibraryDatabase",
                                                "cannot open the library %1: %2")
                        .arg(m_path, probe.lastError().text());
        } else {
            QSqlQuery q(probe);
            if (!q.exec(QStringLiteral("PRAGMA user_version")) || !q.next()) {
                // Only SQLITE_NOTADB (26) means the file is something else; a lock or an
                // I/O error must not make the user think the library is gone.
                if (q.lastError().nativeErrorCode() == QLatin1String("11"))
                    error = damaged(m_path, q.lastError().databaseText());
                else if (q.lastError().nativeErrorCode() != QLatin1String("26"))
                    error = QCoreApplication::translate("ekn::LibraryDatabase",
                                                        "cannot open the library %1: %2")
                                .arg(m_path, q.lastError().text());
                else
                    error = QCoreApplication::translate(
                                "ekn::LibraryDatabase",
                                "%1 is not an EKNMusic library (not an SQLite database)")
                                .arg(m_path);
            } else {
                version = q.value(0).toInt();
                q.finish();
                if (version == 0 && q.exec(QStringLiteral("SELECT count(*) FROM sqlite_master")) && q.next()
                    && q.value(0).toInt() > 0)
                    ours = false;
            }
        }
    }
    QSqlDatabase::removeDatabase(probeName);
    if (!error.isEmpty())
        return Failure{error};
    if (!ours)
        return Failure{QCoreApplication::translate(
                           "ekn::LibraryDatabase",
                           "%1 is not an EKNMusic library (an SQLite file with other tables); "
                           "it was left untouched")
                           .arg(m_path)};
    const int latest = latestSchemaVersion();
    if (version > latest)
        return Failure{QCoreApplication::translate(
                           "ekn::LibraryDatabase",
                           "%1 was made by a newer EKNMusic (library schema %2, this version "
                           "knows up to %3); update EKNMusic to open it. The file was not changed.")
                           .arg(m_path)
                           .arg(version)
                           .arg(latest)};
    return Done{};
}

Status LibraryDatabase::open()
{
    m_open = false;
    if (Status placed = checkPlace(); !placed)
        return placed;
    if (Status checked = checkExistingFile(); !checked)
        return checked;
    m_open = true; // connection() refuses to hand out connections before this
    QSqlDatabase db = connection();
    Status ready = db.isOpen() ? bringUpToDate(db)
                               : Failure{QCoreApplication::translate("ekn::LibraryDatabase",
                                                                     "cannot open the library %1: %2")
                                             .arg(m_path, db.lastError().text())};
    m_open = ready.ok();
    return ready;
}

// The schema, then the search index and what a bulk load left for later.
Status LibraryDatabase::bringUpToDate(QSqlDatabase &db) const
{
    if (Status migrated = migrate(db); !migrated)
        return migrated;
    // Search must never miss a committed track: rows a bulk writer noted but did not index
    // (only a bug can commit them; a crash rolls them back) are indexed before anyone reads.
    if (const Result<int> repaired = SearchDeferral::repair(db); !repaired) {
        const QString &repairError = repaired.error();
        return Failure{isDamage(repairError)
                           ? damaged(m_path, repairError)
                           : QStringLiteral("cannot bring the search index of %1 up to date: %2").arg(m_path, repairError)};
    }
    // What a bulk load left for after it and did not get to (killed, or the app closed first):
    // the search backlog (schema 022; search reads those tracks meanwhile) and the dropped
    // indexes. Reads are right without them, only slower, so a failure here (the file is busy)
    // is logged, the library opens, and the next open retries.
    if (const Status finished = IndexDeferral::finishDeferred(db); !finished)
        qCWarning(lcLibrary) << "cannot finish the deferred indexing of" << m_path << finished.error();
    return Done{};
}

Status LibraryDatabase::migrate(QSqlDatabase &db) const
{
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("PRAGMA user_version")) || !q.next())
        return Failure{QCoreApplication::translate("ekn::LibraryDatabase",
                                                   "cannot read the schema version of %1: %2")
                           .arg(m_path, q.lastError().text())};
    const int current = q.value(0).toInt();
    q.finish();
    for (const auto &[version, file] : schemaFiles()) {
        if (version <= current)
            continue;
        QFile f(file);
        if (!f.open(QIODevice::ReadOnly))
            return Failure{QCoreApplication::translate("ekn::LibraryDatabase",
                                                       "cannot read the schema file %1")
                               .arg(file)};
        const QStringList statements = splitStatements(QString::fromUtf8(f.readAll()));
        // A failed BEGIN must stop here: the statements would run one by one, and a crash
        // between them would leave half a schema behind.
        const auto failed = [&](const QString &why) {
            return Failure{QCoreApplication::translate("ekn::LibraryDatabase",
                                                       "cannot upgrade the library %1 to schema %2: %3")
                               .arg(m_path)
                               .arg(version)
                               .arg(why)};
        };
        Result<ScopedTransaction> tx = ScopedTransaction::begin(db);
        if (!tx)
            return failed(tx.error());
        for (const QString &statement : statements) {
            QSqlQuery s(db);
            if (!s.exec(statement))
                return failed(s.lastError().text()); // rolled back: the file stays at the previous version
        }
        QSqlQuery v(db);
        // user_version lives in the file header and is part of the transaction.
        if (!v.exec(QStringLiteral("PRAGMA user_version = %1").arg(version)))
            return failed(v.lastError().text());
        if (const Status committed = tx->commit(); !committed)
            return failed(committed.error());
        qCDebug(lcLibrary) << "library" << m_path << "upgraded to schema" << version;
    }
    return keepEditedFields(db);
}

// The edit-time trigger's list of edited metadata keys (track_edited_fields, schema 021)
// follows the field table. Written only when it differs: an open must not wait for the lock
// a running scan holds when there is nothing to change.
Status LibraryDatabase::keepEditedFields(QSqlDatabase &db) const
{
    const auto failed = [this](const QString &why) {
        return Failure{QCoreApplication::translate("ekn::LibraryDatabase", "cannot upgrade the library %1 to schema %2: %3")
                           .arg(m_path)
                           .arg(latestSchemaVersion())
                           .arg(why)};
    };
    const QStringList wanted = fieldNames(FieldStorage::Metadata, FieldKind::Edited);
    QSqlQuery q(db);
    QSet<QString> stored;
    if (!q.exec(QStringLiteral("SELECT field FROM track_edited_fields")))
        return failed(q.lastError().text());
    while (q.next())
        stored.insert(q.value(0).toString());
    q.finish();
    if (stored == QSet<QString>(wanted.cbegin(), wanted.cend()))
        return Done{};
    Result<ScopedTransaction> tx = ScopedTransaction::begin(db);
    if (!tx)
        return failed(tx.error());
    bool ok = q.exec(QStringLiteral("DELETE FROM track_edited_fields"));
    q.prepare(QStringLiteral("INSERT INTO track_edited_fields (field) VALUES (?)"));
    for (const QString &field : wanted) {
        q.addBindValue(field);
        ok = ok && q.exec();
    }
    if (!ok)
        return failed(q.lastError().text());
    if (const Status committed = tx->commit(); !committed)
        return failed(committed.error());
    return Done{};
}

int LibraryDatabase::schemaVersion() const
{
    QSqlQuery q(connection());
    if (q.exec(QStringLiteral("PRAGMA user_version")) && q.next())
        return q.value(0).toInt();
    return -1;
}

QSqlDatabase LibraryDatabase::connection() const
{
    if (!m_open)
        return {};
    const QString name = m_connectionPrefix + QStringLiteral("-t") + QString::number(t_connections.threadNo);
    if (QSqlDatabase::contains(name))
        return QSqlDatabase::database(name, false);
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
    t_connections.names << name;
    db.setDatabaseName(m_path);
    db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=10000"));
    if (!db.open()) {
        qCWarning(lcLibrary) << "cannot open" << m_path << db.lastError().text();
        return db;
    }
    // QSQLITE has no connect options for these: they must follow every open().
    QSqlQuery q(db);
    q.exec(QStringLiteral("PRAGMA journal_mode=WAL"));
    q.exec(QStringLiteral("PRAGMA foreign_keys=ON"));
    q.exec(QStringLiteral("PRAGMA synchronous=NORMAL"));
    // 16 MiB of page cache: a scan touches the FTS and track indexes on every row.
    q.exec(QStringLiteral("PRAGMA cache_size=-16000"));
    q.exec(QStringLiteral("PRAGMA temp_store=MEMORY"));
    return db;
}

} // namespace ekn
