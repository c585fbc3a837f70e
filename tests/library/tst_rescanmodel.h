#pragma once

#include <QObject>
#include <QTemporaryDir>

// A seeded randomized model test of one device without a server: edits of any field, moves,
// renames, touches, retags with TagLib, deleted and restored files, checked against a model
// of what the library must show after each rescan (a rescan is a source of changes like a
// user). A fixed set of seeds runs in CI; EKN_MODEL_SEED=N replays one seed,
// EKN_MODEL_RUNS=N runs N more random seeds, EKN_MODEL_STEPS=N sets the operations per run.
class TestRescanModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void randomOperationsMatchTheModel_data();
    void randomOperationsMatchTheModel();

private:
    QTemporaryDir m_fixtures;
};
