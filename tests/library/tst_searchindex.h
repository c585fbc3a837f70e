#pragma once

#include <QObject>
#include <QTemporaryDir>

// Bulk writes index search once per transaction (schema 012): whatever happens to the writer,
// search finds exactly the tracks the library holds.
class TestSearchIndex : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void bulkWriteIsSearchableAfterCommitWithEveryEditAndDelete();
    void rolledBackBulkWriteLeavesNoTraceInSearch();
    void processKilledInsideABulkWriteLeavesSearchInStepWithTracks();
    void indexMissedByACommittedWriterIsRepairedAtOpen();
    void bulkLoadKilledBeforeItsIndexesWereBuiltGetsThemAtOpen();
    void tracksWaitingForTheSearchIndexAreFoundMeanwhile();
    void processKilledWhileIndexingTheBacklogFinishesAtNextOpen();

private:
    QTemporaryDir *m_dir = nullptr;
    QString m_path;
};
