#pragma once

#include <QObject>
#include <QTemporaryDir>

#include <memory>

namespace ekn {
class MainWindow;
}

// The desktop app signed in to a real account on the test cluster, syncing with a second
// device driven by eknmusic-cli (its own --data-dir and keychain entry).
class TestSyncWindow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void editFromAnotherDeviceShowsAfterSyncAndStatusSaysSyncedAt();
    void sameFieldEditedOnBothSidesIsInTheConflictLogAndRestoreSyncsIt();
    void unreachableServerShowsOfflineWithItsReasonAndKeepsTheEdit();
    void restartedWindowSyncsOnStartAndSignOutEndsTheSession();
    void playlistFromAnotherDeviceAppearsAndItsNewOrderShowsInTheOpenView();
    void sessionMissingFromTheKeychainShowsSyncErrorWithItsReason();
    void readServerSetAtSignInIsRefusedWhenMalformedKeptAndPulledFrom();

private:
    std::unique_ptr<ekn::MainWindow> openSignedInWindow(const QUrl &server, int expectedTracks);
    static QString titleOf(ekn::MainWindow &w, const QString &trackId);
    static bool editTitle(ekn::MainWindow &w, const QString &trackId, const QString &title);

    std::unique_ptr<QTemporaryDir> m_data;
};
