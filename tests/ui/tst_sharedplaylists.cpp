#include "tst_sharedplaylists.h"

#include "account/account.h"
#include "library/library.h"
#include "libraryservice.h"
#include "libraryworker.h"
#include "mainwindow.h"
#include "scannedfiles.h"
#include "sharedplaylistactions.h"
#include "sharedplaylistdialog.h"
#include "sidebar.h"
#include "signindialog.h"
#include "statusarea.h"
#include "sync/sync.h"
#include "syncfixture.h"
#include "synccontroller.h"
#include "testsupport.h"
#include "trackmodel.h"
#include "windowfixture.h"

#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

using namespace ekn;
using namespace ekn::test;

namespace {

constexpr int kWait = 60000;
const QString kPassword = QStringLiteral("correct horse battery");

// The sizes and lengths of the files these tests add (the window shows them).
const FileNumbers kNumbers{.firstSize = 3001, .firstMtime = 1700000000001, .firstDurationMs = 151000,
                           .durationStepMs = 1000};

QTreeWidgetItem *sidebarItem(MainWindow &w, const QString &name)
{
    const QList<QTreeWidgetItem *> items = w.sidebar()->findItems(name, Qt::MatchExactly | Qt::MatchRecursive);
    return items.value(0);
}

} // namespace

void TestSharedPlaylistWindow::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("EKNMusicTest"));
    QCoreApplication::setApplicationName(QStringLiteral("test_ui"));
}

void TestSharedPlaylistWindow::init()
{
    m_data = std::make_unique<QTemporaryDir>();
    QVERIFY(m_data->isValid());
    QSettings().clear();
}

void TestSharedPlaylistWindow::cleanup()
{
    QSettings().clear();
}

void TestSharedPlaylistWindow::smartPlaylistHasItsOwnIconAndItsViewFollowsEdits()
{
    QStringList ids;
    QString smart;
    {
        LibraryDatabase library(LibraryDatabase::fileNameIn(m_data->path()));
        QVERIFY(library.open());
        const Result<QStringList> added =
            addFiles(library, QStringLiteral("s"),
                     {{QStringLiteral("a1:1"), QStringLiteral("Blue"), QStringLiteral("Nina"), QStringLiteral("A")},
                      {QStringLiteral("a1:2"), QStringLiteral("Green"), QStringLiteral("Otis"), QStringLiteral("B")},
                      {QStringLiteral("a1:3"), QStringLiteral("Red"), QStringLiteral("Nina"), QStringLiteral("C")}},
                     kNumbers);
        QVERIFY2(added, qPrintable(added.error()));
        ids = *added;
        SmartRule rule;
        rule.query = QStringLiteral("artist:nina");
        smart = PlaylistStore(library).createSmart(QStringLiteral("Nina only"), rule).value();
        QVERIFY(!smart.isEmpty());
        QVERIFY(PlaylistStore(library).create(QStringLiteral("Plain")));
    }
    auto w = openShownWindow(m_data->path());
    QTRY_VERIFY(sidebarItem(*w, QStringLiteral("Nina only")) && sidebarItem(*w, QStringLiteral("Plain")));
    QTreeWidgetItem *smartItem = sidebarItem(*w, QStringLiteral("Nina only"));
    QTreeWidgetItem *plainItem = sidebarItem(*w, QStringLiteral("Plain"));
    // A distinct icon (drawn from another SVG), and the rule in the tooltip.
    QVERIFY(smartItem->icon(0).pixmap(16).toImage() != plainItem->icon(0).pixmap(16).toImage());
    QVERIFY2(smartItem->toolTip(0).contains(QStringLiteral("artist:nina")), qPrintable(smartItem->toolTip(0)));

    ViewSpec spec;
    spec.kind = ViewSpec::Kind::Playlist;
    spec.key = smart;
    QVERIFY(w->sidebar()->select(spec));
    QTRY_COMPARE(viewIds(*w), (QStringList{ids[0], ids[2]}));
    // Otis becomes Nina in the tag editor's way (the library thread), and the view follows.
    TrackEdit edit;
    edit.artist = QStringLiteral("Nina");
    w->library()->post([id = ids[1], edit](LibraryWorker *lw) { lw->editTracks({id}, edit); });
    QTRY_COMPARE_WITH_TIMEOUT(viewIds(*w), (QStringList{ids[0], ids[1], ids[2]}), 10000);

    // Exported, a smart playlist is a static M3U8 of what it holds now: a later edit changes the
    // view, not the file.
    QTemporaryDir out;
    const QString file = out.filePath(QStringLiteral("nina.m3u8"));
    w->library()->post([smart, file](LibraryWorker *lw) { lw->exportPlaylist(smart, file); });
    QTRY_VERIFY(QFile::exists(file));
    auto entries = [&file, &out] { // the files it names (written relative to the playlist)
        QFile f(file);
        QStringList paths;
        if (f.open(QIODevice::ReadOnly))
            for (const QString &l : QString::fromUtf8(f.readAll()).split(QLatin1Char('\n')))
                if (!l.trimmed().isEmpty() && !l.startsWith(QLatin1Char('#')))
                    paths << QDir::cleanPath(QDir(out.path()).absoluteFilePath(l.trimmed()));
        return paths;
    };
    QTRY_COMPARE(entries(), (QStringList{QStringLiteral("/music/s/0.flac"), QStringLiteral("/music/s/1.flac"),
                                         QStringLiteral("/music/s/2.flac")}));
    edit.artist = QStringLiteral("Otis");
    w->library()->post([id = ids[1], edit](LibraryWorker *lw) { lw->editTracks({id}, edit); });
    QTRY_COMPARE_WITH_TIMEOUT(viewIds(*w), (QStringList{ids[0], ids[2]}), 10000);
    QCOMPARE(entries().size(), 3);
}

void TestSharedPlaylistWindow::openedSharedPlaylistMarksMissingEntriesAndCopiesTheRest()
{
    if (adminServerUrl().isEmpty())
        QSKIP("needs the test PostgreSQL cluster (run under scripts/with-test-services.sh)");
    SyncServer server;
    QVERIFY2(server.setUpServer(), qPrintable(server.error()));
    const QString friendEmail = QStringLiteral("friend@example.org");
    QVERIFY(server.registerUser(friendEmail));

    // The owner publishes "Colours" (Blue, Green, Red).
    Device owner(QStringLiteral("owner"), server.clientUrl());
    QVERIFY(owner.signIn(server.email(), server.password()));
    const Result<QStringList> added = addFiles(
        owner.library(), QStringLiteral("o"),
        {{QStringLiteral("a1:aaaa"), QStringLiteral("Blue"), QStringLiteral("Nina"), QStringLiteral("Songs")},
         {QStringLiteral("a1:bbbb"), QStringLiteral("Green"), QStringLiteral("Nina"), QStringLiteral("Songs")},
         {QStringLiteral("a1:cccc"), QStringLiteral("Red"), QStringLiteral("Otis"), QStringLiteral("Live")}},
        kNumbers);
    QVERIFY2(added, qPrintable(added.error()));
    const QStringList ids = *added;
    PlaylistStore po(owner.library());
    const QString list = po.create(QStringLiteral("Colours")).value();
    QCOMPARE(po.addTracks(list, ids).value(), 3);
    QVERIFY(owner.sync().ok);
    const Result<QString> link = SharedPlaylists(owner.library(), owner.account()).publish(list);
    QVERIFY2(link, qPrintable(link.error()));

    // The friend's window: Blue retagged (same audio), Green by its tags, no Red.
    {
        LibraryDatabase library(LibraryDatabase::fileNameIn(m_data->path()));
        QVERIFY(library.open());
        const Result<QStringList> friendAdded =
            addFiles(library, QStringLiteral("f"),
                     {{QStringLiteral("a1:aaaa"), QStringLiteral("Blue (live)"), QStringLiteral("N."), {}},
                      {QStringLiteral("a1:zzzz"), QStringLiteral("Green"), QStringLiteral("Nina"), {}}},
                     kNumbers);
        QVERIFY2(friendAdded, qPrintable(friendAdded.error()));
    }
    auto w = openShownWindow(m_data->path());
    SyncController *sync = w->sync();
    sync->signInAction()->trigger();
    auto *signIn = w->findChild<SignInDialog *>();
    QVERIFY(signIn);
    signIn->setServer(ServerConnection::fromUrl(server.clientUrl()));
    signIn->emailField()->clear();
    QTest::keyClicks(signIn->emailField(), friendEmail);
    QTest::keyClicks(signIn->passwordField(), server.password());
    QTest::mouseClick(signIn->submitButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(w->statusArea()->syncStateText().startsWith(QStringLiteral("Synced at")), kWait);

    w->sharedPlaylists()->openLink(link.value());
    QTRY_VERIFY_WITH_TIMEOUT(w->sharedPlaylists()->dialog() && w->sharedPlaylists()->dialog()->isVisible(), kWait);
    SharedPlaylistDialog *dialog = w->sharedPlaylists()->dialog();
    QTreeWidget *entries = dialog->entries();
    QCOMPARE(entries->topLevelItemCount(), 3);
    QCOMPARE(entries->topLevelItem(0)->text(1), QStringLiteral("Blue"));
    QCOMPARE(entries->topLevelItem(0)->text(5), SharedPlaylistDialog::tr("Yes (same audio)"));
    QCOMPARE(entries->topLevelItem(1)->text(5), SharedPlaylistDialog::tr("Yes (same title and artist)"));
    QTreeWidgetItem *red = entries->topLevelItem(2);
    QCOMPARE(red->text(1), QStringLiteral("Red"));
    QCOMPARE(red->text(5), SharedPlaylistDialog::tr("Missing"));
    QVERIFY(red->font(1).italic() && !red->icon(5).isNull());
    QVERIFY(!entries->topLevelItem(0)->font(1).italic());
    QVERIFY2(dialog->summary()->text().contains(QStringLiteral("2 of 3")), qPrintable(dialog->summary()->text()));
    const QString shots = QDir::current().absoluteFilePath(QStringLiteral("screenshots"));
    QDir().mkpath(shots);
    dialog->grab().save(shots + QStringLiteral("/shared-playlist.png"));

    // Copy: a playlist of the friend's own with the two tracks it has.
    QTest::mouseClick(dialog->copyButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(dialog->summary()->text().contains(QStringLiteral("Copied")), kWait);
    QTRY_VERIFY_WITH_TIMEOUT(sidebarItem(*w, QStringLiteral("Colours")), kWait);
    QTRY_COMPARE(sidebarItem(*w, QStringLiteral("Colours"))->toolTip(0).section(QLatin1Char('\n'), 0, 0),
                 QStringLiteral("Tracks: 2"));

    // Unpublished, the link no longer opens: the status bar says why.
    dialog->close();
    QVERIFY(SharedPlaylists(owner.library(), owner.account()).unpublish(list));
    w->sharedPlaylists()->openLink(link.value());
    QTRY_VERIFY_WITH_TIMEOUT(w->statusArea()->currentMessage().contains(QStringLiteral("no published playlist")), kWait);
    sync->signOut();
}
