#include "tst_syncwindow.h"

#include "account/account.h"
#include "conflictlogdialog.h"
#include "library/library.h"
#include "mainwindow.h"
#include "sidebar.h"
#include "signindialog.h"
#include "statusarea.h"
#include "syncfixture.h"
#include "synccontroller.h"
#include "tageditordialog.h"
#include "testsupport.h"
#include "trackmodel.h"
#include "trackview.h"
#include "windowfixture.h"

#include <QApplication>
#include <QCheckBox>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTest>
#include <QToolButton>
#include <QTreeWidget>

using namespace ekn;
using namespace ekn::test;

namespace {
// Sync runs, keychain writes and CLI processes on 2 shared cores: be patient.
constexpr int kWait = 60000;

const QString kEmail = QStringLiteral("sync@example.org");
const QString kPassword = QStringLiteral("correct horse battery");

// The second device: eknmusic-cli with its own library folder. It signs in through
// "localhost" while the window uses 127.0.0.1, so each keeps its own keychain entry (and server
// session), as two computers would.
class CliDevice
{
public:
    explicit CliDevice(const QUrl &server)
        : m_server(server)
    {
        m_server.setHost(QStringLiteral("localhost"));
    }
    bool login()
    {
        const ProcessResult r = runCli({QStringLiteral("account"), QStringLiteral("login"), QStringLiteral("--server"),
                                        m_server.toString(), QStringLiteral("--email"), kEmail},
                                       kPassword.toUtf8() + '\n');
        if (r.exitCode != 0)
            qWarning("login: %s", qPrintable(r.err));
        return r.exitCode == 0;
    }
    bool sync()
    {
        const ProcessResult r = run({QStringLiteral("sync"), QStringLiteral("--server"), m_server.toString(), QStringLiteral("--json")});
        if (r.exitCode != 0)
            qWarning("sync: %s %s", qPrintable(r.out), qPrintable(r.err));
        return r.exitCode == 0 && QJsonDocument::fromJson(r.out.toUtf8()).object().value(QStringLiteral("ok")).toBool();
    }
    bool editTitle(const QString &id, const QString &title)
    {
        return run({QStringLiteral("track"), QStringLiteral("edit"), id, QStringLiteral("--title"), title}).exitCode == 0;
    }
    QString dataDir() const { return m_dir.path(); }
    ProcessResult run(QStringList args)
    {
        args << QStringLiteral("--data-dir") << m_dir.path();
        return runCli(args);
    }
private:
    QUrl m_server;
    QTemporaryDir m_dir;
};

// The account holds `count` tracks from a third device ("<album> 0", ...), and device B
// (the CLI) is signed in and has synced them. Empty when any step failed.
QStringList seedAccount(const QUrl &server, CliDevice &b, int count, const QString &album)
{
    Device seed(QStringLiteral("seed"), server);
    if (!seed.signIn(kEmail, kPassword))
        return {};
    const QStringList ids = seed.addTracks(count, album);
    if (!seed.sync().ok || !b.login() || !b.sync())
        return {};
    return ids;
}

QString syncText(MainWindow &w) { return w.statusArea()->syncStateText(); }

QString serverTitle(const QUrl &adminUrl, const QString &trackId)
{
    const QString name = QStringLiteral("syncwindow-admin");
    QString title;
    {
        QSqlDatabase db = openPostgres(adminUrl, name);
        if (db.isOpen()) {
            QSqlQuery q(db);
            q.prepare(QStringLiteral("SELECT title FROM music_tracks WHERE id = ?"));
            q.addBindValue(trackId);
            if (q.exec() && q.next())
                title = q.value(0).toString();
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return title;
}

// Rows of this device's outbox: edits not yet on the server.
int outboxSize(const QString &dataDir)
{
    LibraryDatabase db(LibraryDatabase::fileNameIn(dataDir));
    if (!db.open())
        return -1;
    QSqlQuery q(db.connection());
    return q.exec(QStringLiteral("SELECT count(*) FROM outbox")) && q.next() ? q.value(0).toInt() : -1;
}
} // namespace

void TestSyncWindow::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("EKNMusicTest"));
    QCoreApplication::setApplicationName(QStringLiteral("test_ui"));
    if (adminServerUrl().isEmpty())
        QSKIP("needs the test PostgreSQL cluster (run under scripts/with-test-services.sh)");
}

void TestSyncWindow::init()
{
    m_data = std::make_unique<QTemporaryDir>();
    QVERIFY(m_data->isValid());
    QSettings().clear();
}

void TestSyncWindow::cleanup()
{
    // The other suites' windows start signed out.
    QSettings().clear();
}

std::unique_ptr<MainWindow> TestSyncWindow::openSignedInWindow(const QUrl &server, int expectedTracks)
{
    auto w = std::make_unique<MainWindow>(m_data->path());
    w->resize(1100, 700);
    w->show();
    if (!QTest::qWaitForWindowExposed(w.get()))
        qWarning("window not exposed");
    SyncController *sync = w->sync();
    if (sync->isSignedIn() || !sync->signInAction()->isEnabled())
        return nullptr;
    // File > Sign In..., as a user would.
    sync->signInAction()->trigger();
    auto *dialog = w->findChild<SignInDialog *>();
    if (!dialog)
        return nullptr;
    dialog->setServer(ServerConnection::fromUrl(server));
    dialog->emailField()->clear();
    QTest::keyClicks(dialog->emailField(), kEmail);
    QTest::keyClicks(dialog->passwordField(), kPassword);
    QTest::mouseClick(dialog->submitButton(), Qt::LeftButton);
    // Signing in starts the sync; the pull brings the other device's tracks.
    if (!QTest::qWaitFor([&] { return syncText(*w).startsWith(QStringLiteral("Synced at"))
                                      && w->trackModel()->rowCount() == expectedTracks; },
                         kWait)) {
        qWarning("not synced: status '%s', %d rows", qPrintable(syncText(*w)), w->trackModel()->rowCount());
        return nullptr;
    }
    return w;
}

QString TestSyncWindow::titleOf(MainWindow &w, const QString &trackId)
{
    const int row = w.trackModel()->rowOf(trackId);
    return row < 0 ? QString() : w.trackModel()->trackAt(row).title;
}

// Tag editor on one track: select it, type the new title, Save.
bool TestSyncWindow::editTitle(MainWindow &w, const QString &trackId, const QString &title)
{
    const int row = w.trackModel()->rowOf(trackId);
    if (row < 0)
        return false;
    w.trackView()->selectionModel()->clearSelection();
    w.trackView()->selectionModel()->select(w.trackModel()->index(row, 0), QItemSelectionModel::Select | QItemSelectionModel::Rows);
    TagEditorDialog *dialog = w.editSelectedTags();
    if (!dialog)
        return false;
    QLineEdit *field = dialog->field(TagEditorDialog::Title);
    field->selectAll();
    QTest::keyClicks(field, title);
    QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("saveButton")), Qt::LeftButton);
    return QTest::qWaitFor([&] { return titleOf(w, trackId) == title; }, kWait);
}

void TestSyncWindow::editFromAnotherDeviceShowsAfterSyncAndStatusSaysSyncedAt()
{
    SyncServer server;
    QVERIFY2(server.setUpServer(), qPrintable(server.error()));
    // Device B has three tracks on the server before this window signs in.
    CliDevice b(server.clientUrl());
    const QStringList ids = seedAccount(server.clientUrl(), b, 3, QStringLiteral("Remote"));
    QVERIFY(!ids.isEmpty());

    auto w = openSignedInWindow(server.clientUrl(), 3);
    QVERIFY(w);
    // Tracks from another device: browsable, and listed under Not on this device.
    QCOMPARE(titleOf(*w, ids[1]), QStringLiteral("Remote 1"));
    QVERIFY(!w->trackModel()->trackAt(w->trackModel()->rowOf(ids[1])).available);
    QVERIFY(w->sidebar()->select(ViewSpec{ViewSpec::Kind::Unavailable, {}, {}, {}}));
    QTRY_COMPARE_WITH_TIMEOUT(w->trackModel()->rowCount(), 3, kWait);
    const QList<QTreeWidgetItem *> unavailable = w->sidebar()->findItems(QStringLiteral("Not on this device (3)"), Qt::MatchExactly);
    QCOMPARE(unavailable.size(), 1);
    QVERIFY(w->sidebar()->select(ViewSpec{}));
    QTRY_COMPARE_WITH_TIMEOUT(w->trackModel()->rowCount(), 3, kWait);
    QTRY_VERIFY(!w->trackModel()->isLoading());

    // The user has a track selected while B renames it.
    const int row = w->trackModel()->rowOf(ids[1]);
    w->trackView()->selectionModel()->select(w->trackModel()->index(row, 0), QItemSelectionModel::Select | QItemSelectionModel::Rows);
    QVERIFY(b.editTitle(ids[1], QStringLiteral("Renamed on B")));
    QVERIFY(b.sync());
    QSignalSpy changed(w->sync(), &SyncController::libraryChanged);
    w->sync()->syncNowAction()->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(titleOf(*w, ids[1]), QStringLiteral("Renamed on B"), kWait);
    QTRY_VERIFY_WITH_TIMEOUT(syncText(*w).startsWith(QStringLiteral("Synced at")), kWait);
    QCOMPARE(changed.size(), 1);
    // Updated in place: still three rows, the renamed one still selected.
    QCOMPARE(w->trackModel()->rowCount(), 3);
    QCOMPARE(w->trackView()->selectedTrackIds(), QStringList{ids[1]});
    QVERIFY2(w->statusArea()->syncStateToolTip().contains(QStringLiteral("click")), qPrintable(w->statusArea()->syncStateToolTip()));
}

void TestSyncWindow::sameFieldEditedOnBothSidesIsInTheConflictLogAndRestoreSyncsIt()
{
    SyncServer server;
    QVERIFY2(server.setUpServer(), qPrintable(server.error()));
    CliDevice b(server.clientUrl());
    const QStringList ids = seedAccount(server.clientUrl(), b, 2, QStringLiteral("Shared"));
    QVERIFY(!ids.isEmpty());
    auto w = openSignedInWindow(server.clientUrl(), 2);
    QVERIFY(w);

    // B renames and syncs first; then this window renames the same track: its push is later
    // and wins, and B's title goes to the conflict log here.
    QVERIFY(b.editTitle(ids[0], QStringLiteral("Title from B")));
    QVERIFY(b.sync());
    QVERIFY(editTitle(*w, ids[0], QStringLiteral("Title from the window")));
    // The edit syncs by itself once edits pause.
    QTRY_COMPARE_WITH_TIMEOUT(serverTitle(server.adminUrl(), ids[0]), QStringLiteral("Title from the window"), kWait);

    // A click on the sync state opens the log.
    auto *state = w->statusArea()->findChild<QToolButton *>(QStringLiteral("syncState"));
    QVERIFY(state && state->isVisible());
    QTest::mouseClick(state, Qt::LeftButton);
    auto *dialog = w->findChild<ConflictLogDialog *>();
    QVERIFY(dialog);
    QTRY_VERIFY(dialog->isVisible());
    QTreeWidget *list = dialog->list();
    QTRY_COMPARE_WITH_TIMEOUT(list->topLevelItemCount(), 1, kWait);
    QTreeWidgetItem *item = list->topLevelItem(0);
    QCOMPARE(item->text(ConflictLogDialog::ItemColumn), QStringLiteral("Track \u201cTitle from the window\u201d"));
    QCOMPARE(item->text(ConflictLogDialog::FieldColumn), QStringLiteral("Title"));
    QCOMPARE(item->text(ConflictLogDialog::KeptColumn), QStringLiteral("Title from the window"));
    QCOMPARE(item->text(ConflictLogDialog::LostColumn), QStringLiteral("Title from B"));
    QCOMPARE(item->text(ConflictLogDialog::FromColumn), QStringLiteral("Another device"));
    QVERIFY(!item->text(ConflictLogDialog::WhenColumn).isEmpty());
    // For review beside the main window's screenshots.
    const QString shots = qEnvironmentVariable("EKN_SCREENSHOT_DIR", QDir::current().absoluteFilePath(QStringLiteral("screenshots")));
    QDir().mkpath(shots);
    QVERIFY(dialog->grab().save(shots + QStringLiteral("/conflict-log.png")));

    // Restore: B's title comes back here, syncs to the server and reaches B.
    list->setCurrentItem(item);
    QVERIFY(dialog->restoreButton()->isEnabled());
    QTest::mouseClick(dialog->restoreButton(), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(titleOf(*w, ids[0]), QStringLiteral("Title from B"), kWait);
    QTRY_COMPARE_WITH_TIMEOUT(serverTitle(server.adminUrl(), ids[0]), QStringLiteral("Title from B"), kWait);
    QTRY_VERIFY_WITH_TIMEOUT(list->topLevelItemCount() == 1
                                 && list->topLevelItem(0)->text(ConflictLogDialog::FromColumn).contains(QStringLiteral("restored")),
                             kWait);
    QVERIFY(!dialog->restoreButton()->isEnabled());
    QVERIFY(b.sync());
    Device check(QStringLiteral("check"), server.clientUrl());
    QVERIFY(check.signIn(kEmail, kPassword));
    QVERIFY(check.sync().ok);
    QCOMPARE(check.trackTitle(ids[0]), QStringLiteral("Title from B"));
    QTRY_VERIFY_WITH_TIMEOUT(syncText(*w).startsWith(QStringLiteral("Synced at")), kWait);
}

void TestSyncWindow::unreachableServerShowsOfflineWithItsReasonAndKeepsTheEdit()
{
    // A cluster of the test's own, so the server can be stopped under the running window.
    OwnCluster cluster;
    QVERIFY2(cluster.init(), qPrintable(cluster.error()));
    QStringList ids;
    Device other(QStringLiteral("other"), cluster.clientUrl());
    QVERIFY(other.signIn(kEmail, kPassword));
    ids = other.addTracks(2, QStringLiteral("Kept"));
    QVERIFY(other.sync().ok);
    auto w = openSignedInWindow(cluster.clientUrl(), 2);
    QVERIFY(w);

    QVERIFY2(cluster.stop(), qPrintable(cluster.error()));
    QVERIFY(editTitle(*w, ids[1], QStringLiteral("Edited while offline")));
    // The edit's sync fails: the bar says Offline, the reason is in the tooltip and the dialog.
    QTRY_COMPARE_WITH_TIMEOUT(syncText(*w), QStringLiteral("Offline"), kWait);
    const QString tip = w->statusArea()->syncStateToolTip();
    // The engine's own words: what could not be reached and why.
    QVERIFY2(tip.startsWith(QStringLiteral("Last error: Cannot reach the server: ")) && tip.contains(QStringLiteral("refused")),
             qPrintable(tip));
    QVERIFY2(tip.contains(QStringLiteral("changes are kept")), qPrintable(tip));
    ConflictLogDialog *dialog = w->sync()->showConflictLog();
    QCOMPARE(dialog->stateLabel()->text(), QStringLiteral("Offline"));
    auto *detail = dialog->findChild<QLabel *>(QStringLiteral("syncErrorDetail"));
    QVERIFY(detail && detail->isVisible() && detail->text().contains(QStringLiteral("Cannot reach the server")));
    dialog->close();
    // Nothing lost: the window shows the edit and it waits in the outbox.
    QCOMPARE(titleOf(*w, ids[1]), QStringLiteral("Edited while offline"));
    QCOMPARE(outboxSize(m_data->path()), 1);

    // The server is back: the next sync (here Sync Now; else the retry) sends the edit.
    QVERIFY2(cluster.start(), qPrintable(cluster.error()));
    w->sync()->syncNowAction()->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(syncText(*w).startsWith(QStringLiteral("Synced at")), kWait);
    QTRY_COMPARE_WITH_TIMEOUT(outboxSize(m_data->path()), 0, kWait);
    QVERIFY(other.sync().ok);
    QCOMPARE(other.trackTitle(ids[1]), QStringLiteral("Edited while offline"));
}

void TestSyncWindow::restartedWindowSyncsOnStartAndSignOutEndsTheSession()
{
    SyncServer server;
    QVERIFY2(server.setUpServer(), qPrintable(server.error()));
    Device other(QStringLiteral("other"), server.clientUrl());
    QVERIFY(other.signIn(kEmail, kPassword));
    const QStringList ids = other.addTracks(1, QStringLiteral("Boot"));
    QVERIFY(other.sync().ok);
    QVERIFY(openSignedInWindow(server.clientUrl(), 1)); // signed in, synced, then quit

    // While the app is closed another device renames the track; the next start syncs by itself.
    TrackEdit edit;
    edit.title = QStringLiteral("Renamed while closed");
    QVERIFY(TrackStore(other.library()).updateTrack(ids[0], edit));
    QVERIFY(other.sync().ok);
    auto w = std::make_unique<MainWindow>(m_data->path());
    w->show();
    QTRY_VERIFY_WITH_TIMEOUT(w->sync()->isSignedIn(), kWait);
    QTRY_COMPARE_WITH_TIMEOUT(titleOf(*w, ids[0]), QStringLiteral("Renamed while closed"), kWait);
    QTRY_VERIFY_WITH_TIMEOUT(syncText(*w).startsWith(QStringLiteral("Synced at")), kWait);
    QVERIFY(!w->sync()->signInAction()->isEnabled());

    // Sign out: sync stops at once and the keychain forgets the session.
    w->sync()->signOutAction()->trigger();
    QCOMPARE(syncText(*w), QStringLiteral("Local library \u2014 not signed in"));
    QVERIFY(!w->sync()->isSignedIn());
    QVERIFY(w->sync()->signInAction()->isEnabled());
    QVERIFY(!w->sync()->syncNowAction()->isEnabled());
    const QString key = TokenStore::keyFor(ServerConnection::fromUrl(server.clientUrl()), kEmail);
    const auto notFound = [&] { // read, and no entry (a failed read is not "forgotten")
        const auto secret = TokenStore().read(key);
        return secret && !*secret;
    };
    QTRY_VERIFY_WITH_TIMEOUT(notFound(), kWait);
    // The next start stays signed out.
    w.reset();
    auto again = std::make_unique<MainWindow>(m_data->path());
    QTRY_COMPARE_WITH_TIMEOUT(again->trackModel()->rowCount(), 1, kWait);
    QVERIFY(!again->sync()->isSignedIn());
    QCOMPARE(syncText(*again), QStringLiteral("Local library \u2014 not signed in"));
}

void TestSyncWindow::playlistFromAnotherDeviceAppearsAndItsNewOrderShowsInTheOpenView()
{
    SyncServer server;
    QVERIFY2(server.setUpServer(), qPrintable(server.error()));
    CliDevice b(server.clientUrl());
    const QStringList ids = seedAccount(server.clientUrl(), b, 3, QStringLiteral("Trip"));
    QVERIFY(!ids.isEmpty());
    auto w = openSignedInWindow(server.clientUrl(), 3);
    QVERIFY(w);

    // B makes a playlist: after the window's next sync the sidebar lists it.
    ProcessResult r = b.run({QStringLiteral("playlist"), QStringLiteral("create"), QStringLiteral("Road Trip")});
    QCOMPARE(r.exitCode, 0);
    const QString playlistId = r.out.trimmed();
    QCOMPARE(b.run(QStringList{QStringLiteral("playlist"), QStringLiteral("add"), playlistId} + ids).exitCode, 0);
    QVERIFY(b.sync());
    w->sync()->syncNowAction()->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(w->sidebar()->playlistName(playlistId), QStringLiteral("Road Trip"), kWait);
    QVERIFY(w->sidebar()->select(ViewSpec{ViewSpec::Kind::Playlist, playlistId, {}, {}}));
    QTRY_COMPARE_WITH_TIMEOUT(viewIds(*w), ids, kWait);
    w->trackView()->selectionModel()->select(w->trackModel()->index(1, 0), QItemSelectionModel::Select | QItemSelectionModel::Rows);

    // B moves the first entry to the end while the window shows the playlist.
    QCOMPARE(b.run({QStringLiteral("playlist"), QStringLiteral("move"), playlistId, QStringLiteral("0"), QStringLiteral("2")}).exitCode, 0);
    QVERIFY(b.sync());
    r = b.run({QStringLiteral("playlist"), QStringLiteral("show"), playlistId, QStringLiteral("--json")});
    QStringList order;
    const QJsonArray entries = QJsonDocument::fromJson(r.out.toUtf8()).object().value(QStringLiteral("entries")).toArray();
    for (const QJsonValue &e : entries)
        order << e.toObject().value(QStringLiteral("track_id")).toString();
    QCOMPARE(order.size(), 3);
    QVERIFY(order != ids);
    w->sync()->syncNowAction()->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(viewIds(*w), order, kWait);
    // The selected track is still selected, at its new place.
    QTRY_COMPARE(w->trackView()->selectedTrackIds(), QStringList{ids[1]});
}

void TestSyncWindow::sessionMissingFromTheKeychainShowsSyncErrorWithItsReason()
{
    // Signed in when the app last ran, but the keychain no longer has the session.
    QSettings settings;
    settings.setValue(QStringLiteral("server/url"), QStringLiteral("postgresql://eknmusic_app@127.0.0.1:1/eknmusic"));
    settings.setValue(QStringLiteral("account/email"), QStringLiteral("gone@example.org"));
    settings.setValue(QStringLiteral("account/signedIn"), true);
    settings.sync();
    MainWindow w(m_data->path());
    w.show();
    QTRY_COMPARE_WITH_TIMEOUT(syncText(w), QStringLiteral("Sync error: not signed in: sign in to sync this library"), kWait);
    QVERIFY2(w.statusArea()->syncStateToolTip().startsWith(QStringLiteral("Last error: Not signed in: sign in to sync this library.")),
             qPrintable(w.statusArea()->syncStateToolTip()));
    QVERIFY(w.sync()->signInAction()->isEnabled());
    ConflictLogDialog *dialog = w.sync()->showConflictLog();
    QVERIFY(dialog->stateLabel()->text().startsWith(QStringLiteral("Sync error: ")));
    QTRY_VERIFY(dialog->findChild<QLabel *>(QStringLiteral("noConflicts"))->isVisible());
}

void TestSyncWindow::readServerSetAtSignInIsRefusedWhenMalformedKeptAndPulledFrom()
{
    SyncServer server;
    QVERIFY2(server.setUpServer(), qPrintable(server.error()));
    Device other(QStringLiteral("other"), server.clientUrl());
    QVERIFY(other.signIn(kEmail, kPassword));
    const QStringList ids = other.addTracks(2, QStringLiteral("Standby"));
    QVERIFY(other.sync().ok);

    auto w = std::make_unique<MainWindow>(m_data->path());
    w->resize(1100, 700);
    w->show();
    QVERIFY(QTest::qWaitForWindowExposed(w.get()));
    w->sync()->signInAction()->trigger();
    auto *dialog = w->findChild<SignInDialog *>();
    QVERIFY(dialog);
    dialog->setServer(ServerConnection::fromUrl(server.clientUrl()));
    dialog->emailField()->clear();
    QTest::keyClicks(dialog->emailField(), kEmail);
    QTest::keyClicks(dialog->passwordField(), kPassword);

    // A malformed read server is refused with a message next to it, before anything is sent.
    dialog->advancedBox()->setChecked(true);
    QTest::keyClicks(dialog->readServerField(), QStringLiteral("http://standby.example.org/eknmusic"));
    dialog->advancedBox()->setChecked(false);
    QTest::mouseClick(dialog->submitButton(), Qt::LeftButton);
    QVERIFY(dialog->readServerError()->isVisible()); // Advanced opened to show it
    QVERIFY2(dialog->readServerError()->text().startsWith(QStringLiteral("The read server address is not usable: ")),
             qPrintable(dialog->readServerError()->text()));
    QVERIFY(dialog->isVisible());
    QVERIFY(!w->sync()->isSignedIn());
    QVERIFY(QSettings().value(QStringLiteral("server/readUrl")).toString().isEmpty());

    // A standby's address (the test cluster stands in for one, spelled "localhost" where the
    // account server is 127.0.0.1): the sync after sign-in reads the account's tracks there.
    QUrl read(server.clientUrl());
    read.setHost(QStringLiteral("localhost"));
    dialog->readServerField()->clear();
    QTest::keyClicks(dialog->readServerField(), read.toString());
    QTest::mouseClick(dialog->submitButton(), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(w->trackModel()->rowCount(), 2, kWait);
    QTRY_VERIFY_WITH_TIMEOUT(syncText(*w).startsWith(QStringLiteral("Synced at")), kWait);
    QTRY_VERIFY_WITH_TIMEOUT(w->sync()->lastReport().pulledFromReadServer, kWait);
    QVERIFY2(w->sync()->stateDetail(w->sync()->status()).contains(QStringLiteral("read from the read server")),
             qPrintable(w->sync()->stateDetail(w->sync()->status())));
    // Kept like the account server's address: no password in it.
    const QString saved = QSettings().value(QStringLiteral("server/readUrl")).toString();
    QCOMPARE(saved, ServerConnection::fromUrl(read).displayUrl());
    QVERIFY(saved.contains(QStringLiteral("localhost")));
    QVERIFY(read.password().isEmpty() || !saved.contains(read.password()));

    // The next start syncs with it by itself: another device's rename arrives, read there.
    w.reset();
    TrackEdit edit;
    edit.title = QStringLiteral("Renamed for the standby");
    QVERIFY(TrackStore(other.library()).updateTrack(ids[0], edit));
    QVERIFY(other.sync().ok);
    auto again = std::make_unique<MainWindow>(m_data->path());
    again->show();
    QTRY_VERIFY_WITH_TIMEOUT(again->sync()->isSignedIn(), kWait);
    QTRY_COMPARE_WITH_TIMEOUT(titleOf(*again, ids[0]), QStringLiteral("Renamed for the standby"), kWait);
    QTRY_VERIFY_WITH_TIMEOUT(again->sync()->lastReport().pulledFromReadServer, kWait);
    // Signing in again shows it.
    again->sync()->signOutAction()->trigger();
    again->sync()->signInAction()->trigger();
    auto *second = again->findChild<SignInDialog *>();
    QVERIFY(second);
    QCOMPARE(second->readServerField()->text(), saved);
}
