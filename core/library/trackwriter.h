#pragma once

#include "common/result.h"
#include "tags/taginfo.h"

#include <QHash>
#include <QJsonObject>
#include <QSqlQuery>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

#include <map>
#include <memory>

namespace ekn {

class WriteTransaction;
struct RescanChange;

// Where a file is on this device, as the library knows it (track_files).
struct KnownFile
{
    QString trackId;
    QString path; // NFC
    qint64 size = 0;
    qint64 mtime = 0; // ms since epoch
    QString contentHash;
    bool available = true;
};

// A file the last scans could not read (scan_errors).
struct KnownError
{
    QString reason;
    qint64 size = -1;
    qint64 mtime = -1;
};

// A file the scanner read, ready to be written.
struct ScannedFile
{
    QString path;    // as found on disk (opens the file)
    QString nfcPath; // compared and stored in track_files.path
    qint64 size = 0;
    qint64 mtime = 0;
    QString contentHash;
    TagInfo info;
    // Filled by TrackWriter::prepare() (any thread): the music_tracks columns as JSON, so the
    // single writer only binds and executes. Computed on the spot when left empty.
    QJsonObject columns;
    QString columnsJson;
    QString metadataJson;
    // What the file says, as kept in track_files.file_values: columns plus "extra" (the other
    // tag keys). A later rescan compares against it to see which fields the file changed.
    QString valuesJson;
};

// The scanner's writes to the library: tracks from files, file locations, availability,
// scan errors, roots. Owns the SQL of track_files, scan_errors and library_roots, and the
// scanner's writes to music_tracks and track_metadata (each with its outbox row). Use it on
// one thread (the scan's writer) between begin() and commit(): one transaction per batch.
// Every step answers with a Status or a Result whose Failure says why (SQLite's words, or
// "the library is busy: ..." for a lock); a failed step leaves the batch open, for the caller
// to roll back or to go on with the rest of the batch.
class TrackWriter
{
public:
    explicit TrackWriter(QSqlDatabase db);
    ~TrackWriter();

    // Turns the file's tags into the row's values. Pure and thread-safe: the scanner calls it
    // on its tag-reading workers to keep work off the one writer thread.
    static void prepare(ScannedFile &file);

    // By NFC path. A failed read is an error, never "no files known": a scan that took it for
    // an empty library would add every file again.
    Result<QHash<QString, KnownFile>> knownFiles() const;
    Result<QHash<QString, KnownError>> knownErrors() const;

    // begin() takes the write lock for a batch; commit() stores all of it or, failing, none
    // (rolled back); rollback() drops it.
    Status begin();
    Status commit();
    void rollback();

    // A new track for a file; returns its id. Neither this nor updateTrack touches
    // scan_errors: call clearError() for a path that had one.
    Result<QString> insertTrack(const ScannedFile &file);
    // Re-reads a known track from its (changed, touched or moved) file: same id. Only fields
    // whose value in the file changed since it was last read are taken (mergeRescan: an edit
    // that is later than the file's change wins, the other value goes to the conflict log);
    // the location follows the file. Outbox rows name only what changed. Returns whether the
    // track's row changed at all. A failure changes nothing of the track.
    Result<bool> updateTrack(const QString &trackId, const ScannedFile &file);
    Status setAvailable(const QString &trackId, bool available);
    Status recordError(const QString &nfcPath, const QString &reason, qint64 size, qint64 mtime);
    Status clearError(const QString &nfcPath);
    Status addRoot(const QString &path);
    Status markRootScanned(const QString &path);

    // Taking tracks out of this device's library (Manage Folders, Remove from Library): each
    // live track is soft deleted with its outbox row (so it syncs as a delete) and noted in
    // library_removals; it keeps its id, edits, file location and playlist entries. Returns the
    // ids of the tracks taken out; a Failure (the batch is then to be rolled back) says why.
    Result<QStringList> removeRoot(const QString &path); // also forgets the folder
    Result<QStringList> removeTracks(const QStringList &trackIds);
    // The undo of the above: the removed tracks whose file is under `root` (a folder added
    // again), or the given ones, are live again (outbox rows included). Returns the restored ids.
    Result<QStringList> restoreRemovedUnder(const QString &root);
    Result<QStringList> restoreTracks(const QStringList &trackIds);

private:
    struct Stored;
    Status readStored(const QString &trackId, Stored &out);
    Status writeExtra(const QString &trackId, const TagInfo &info);
    Status applyExtra(const QString &trackId, const QJsonObject &extra, const QHash<QString, QString> &rowIds);
    Status applyRescan(const QString &trackId, const RescanChange &change, const QJsonObject &currentMetadata);
    Result<bool> rescan(const QString &trackId, const ScannedFile &file); // updateTrack's steps
    Status logConflicts(const QString &trackId, const RescanChange &change, qint64 fileMtime);
    Status exec(QSqlQuery &q);
    QSqlQuery &query(const QString &sql);
    Status outbox(const QString &table, const QString &rowId, const QString &op, const QJsonObject &fields);
    Status outboxJson(const QString &table, const QString &rowId, const QString &op, const QString &fieldsJson);
    QString now() const; // the batch's timestamp inside begin()/commit()
    Result<bool> setRemoved(const QString &trackId, bool removed); // true: it changed
    Result<QStringList> setEachRemoved(const QStringList &trackIds, bool removed); // the ones that changed
    Result<QStringList> idsUnder(const QString &sql, const QString &root);

    QSqlDatabase m_db;
    std::map<QString, std::unique_ptr<QSqlQuery>> m_queries;
    std::unique_ptr<WriteTransaction> m_tx;
    QString m_now;
};

} // namespace ekn
