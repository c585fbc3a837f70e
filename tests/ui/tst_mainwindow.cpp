#include "tst_mainwindow.h"

#include "audiofixture.h"
#include "windowfixture.h"
#include "emptystate.h"
#include "libraryservice.h"
#include "albumgrid.h"
#include "mainwindow.h"
#include "playback/playback.h"
#include "sidebar.h"
#include "statusarea.h"
#include "tageditordialog.h"
#include "trackmodel.h"
#include "trackview.h"
#include "tags/tags.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QDir>
#include <QDragEnterEvent>
#include <QFile>
#include <QHeaderView>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QMimeData>
#include <QPushButton>
#include <QSet>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

using namespace ekn;
using namespace ekn::test;

namespace {
constexpr int kMusicTracks = 6;

void dropUrls(QWidget *target, const QList<QUrl> &urls, QPoint pos = {})
{
    QMimeData mime;
    mime.setUrls(urls);
    if (pos.isNull())
        pos = target->rect().center();
    QDragEnterEvent enter(pos, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(target, &enter);
    QVERIFY(enter.isAccepted());
    QDropEvent drop(QPointF(pos), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(target, &drop);
    QVERIFY(drop.isAccepted());
}

int distinctColors(const QImage &image)
{
    QSet<QRgb> colors;
    for (int y = 0; y < image.height(); y += 2)
        for (int x = 0; x < image.width(); x += 2)
            colors.insert(image.pixel(x, y));
    return int(colors.size());
}

QString screenshotDir()
{
    const QString env = qEnvironmentVariable("EKN_SCREENSHOT_DIR");
    const QString dir = env.isEmpty() ? QDir::current().absoluteFilePath(QStringLiteral("screenshots")) : env;
    QDir().mkpath(dir);
    return dir;
}
} // namespace

void TestMainWindow::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true); // QSettings of the tests stay out of the user's
    QCoreApplication::setOrganizationName(QStringLiteral("EKNMusicTest"));
    QCoreApplication::setApplicationName(QStringLiteral("test_ui"));
    QSettings().clear(); // every run starts from default window settings
    QVERIFY(m_music.isValid());
    struct Spec
    {
        const char *file;
        ToneTags tags;
    };
    const QList<Spec> specs{
        {"Aurora Lane/Northern Lights/01 Borealis.ogg", toneTags(QStringLiteral("Borealis"), QStringLiteral("Aurora Lane"), QStringLiteral("Northern Lights"), {}, QStringLiteral("Ambient"), 2019, 1)},
        {"Aurora Lane/Northern Lights/02 Polar Night.ogg", toneTags(QStringLiteral("Polar Night"), QStringLiteral("Aurora Lane"), QStringLiteral("Northern Lights"), {}, QStringLiteral("Ambient"), 2019, 2)},
        {"Aurora Lane/Northern Lights/03 Solstice.flac", toneTags(QStringLiteral("Solstice"), QStringLiteral("Aurora Lane"), QStringLiteral("Northern Lights"), {}, QStringLiteral("Ambient"), 2019, 3)},
        {"Beyoncé Trio/Heatwave/01 Summer Beat.mp3", toneTags(QStringLiteral("Summer Beat"), QStringLiteral("Beyoncé Trio"), QStringLiteral("Heatwave"), {}, QStringLiteral("Funk"), 2021, 1)},
        {"Beyoncé Trio/Heatwave/02 Dry Season.mp3", toneTags(QStringLiteral("Dry Season"), QStringLiteral("Beyoncé Trio"), QStringLiteral("Heatwave"), {}, QStringLiteral("Funk"), 2021, 2)},
        {"Various/Compilation/01 Zephyr.ogg", toneTags(QStringLiteral("Zephyr"), QStringLiteral("Calm Winds"), QStringLiteral("Compilation"), QStringLiteral("Various Artists"), QStringLiteral("Jazz"), 2008, 1)},
    };
    QCOMPARE(specs.size(), kMusicTracks);
    int freq = 330;
    for (const Spec &s : specs) {
        const QString err = makeTone(m_music.filePath(QString::fromUtf8(s.file)), s.tags, 2.0, freq += 55);
        QVERIFY2(err.isEmpty(), qPrintable(err));
    }
}

void TestMainWindow::init()
{
    m_data = std::make_unique<QTemporaryDir>();
    QVERIFY(m_data->isValid());
    qputenv("EKN_DATA_DIR", m_data->path().toUtf8());
}

void TestMainWindow::cleanup() { m_data.reset(); }

std::unique_ptr<MainWindow> TestMainWindow::openWindow()
{
    return openShownWindow(m_data->path());
}

void TestMainWindow::importMusic(MainWindow &w, int expectedRows)
{
    dropUrls(&w, {QUrl::fromLocalFile(m_music.path())});
    QTRY_COMPARE_WITH_TIMEOUT(w.trackModel()->rowCount(), expectedRows, 20000);
    QTRY_VERIFY_WITH_TIMEOUT(!w.statusArea()->isScanning(), 20000);
    // The sidebar catches up after the scan; wait for it so later clicks find their entries.
    QTRY_VERIFY(w.sidebar()->topLevelItem(0)->text(0).contains(QString::number(expectedRows)));
}

QStringList TestMainWindow::column(MainWindow &w, int col)
{
    QStringList out;
    TrackModel *m = w.trackModel();
    for (int r = 0; r < m->rowCount(); ++r)
        out << m->index(r, col).data().toString();
    return out;
}

void TestMainWindow::emptyLibraryInvitesADrop()
{
    auto w = openWindow();
    QTRY_VERIFY(w->isShowingEmptyState());
    const auto *title = w->findChild<QLabel *>(QStringLiteral("emptyStateTitle"));
    QVERIFY(title && title->isVisible());
    QVERIFY(title->text().contains(QStringLiteral("Drop a music folder")));
    QVERIFY(w->findChild<QPushButton *>(QStringLiteral("emptyStateAddFolder"))->isVisible());
}

void TestMainWindow::droppingAFolderImportsItsTracks()
{
    auto w = openWindow();
    QAbstractItemModelTester tester(w->trackModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    importMusic(*w, kMusicTracks);
    QVERIFY(!w->isShowingEmptyState());
    QVERIFY(w->trackView()->isVisible());
    const QStringList titles = column(*w, TrackModel::TitleColumn);
    for (const char *t : {"Borealis", "Polar Night", "Solstice", "Summer Beat", "Dry Season", "Zephyr"})
        QVERIFY2(titles.contains(QString::fromUtf8(t)), t);
    QVERIFY(column(*w, TrackModel::ArtistColumn).contains(QStringLiteral("Beyoncé Trio")));
    QVERIFY(column(*w, TrackModel::DurationColumn).contains(QStringLiteral("0:02")));
    QVERIFY(w->statusArea()->currentMessage().contains(QStringLiteral("New tracks: 6")));
}

void TestMainWindow::dropWithNoAudioSaysSo()
{
    QTemporaryDir notMusic;
    QFile f(notMusic.filePath(QStringLiteral("notes.txt")));
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("shopping list\n");
    f.close();
    auto w = openWindow();
    dropUrls(w.get(), {QUrl::fromLocalFile(notMusic.path())});
    QTRY_VERIFY(w->statusArea()->currentMessage().contains(QStringLiteral("No audio files")));
    QVERIFY(w->isShowingEmptyState());
    const auto *note = w->findChild<QLabel *>(QStringLiteral("emptyStateNote"));
    QVERIFY(note->isVisible() && note->text().contains(QStringLiteral("No audio files")));

    // A lone file that is not music says so too.
    dropUrls(w.get(), {QUrl::fromLocalFile(f.fileName())});
    QTRY_VERIFY(w->statusArea()->currentMessage().contains(QStringLiteral("not music")));
}

void TestMainWindow::dropOnALibraryThatCouldNotOpenEndsTheImportAndSaysWhy()
{
    QFile junk(m_data->filePath(QStringLiteral("library.sqlite")));
    QVERIFY(junk.open(QIODevice::WriteOnly));
    junk.write(QByteArray(4096, 'x'));
    junk.close();
    auto w = openWindow();
    const auto *note = w->findChild<QLabel *>(QStringLiteral("emptyStateNote"));
    QTRY_VERIFY(note->text().contains(QStringLiteral("could not be opened")));

    dropUrls(w.get(), {QUrl::fromLocalFile(m_music.path())});
    // No "Importing..." left spinning for ever, and the reason stays in sight.
    QTRY_VERIFY_WITH_TIMEOUT(!w->statusArea()->isScanning(), 5000);
    QVERIFY2(w->statusArea()->currentMessage().contains(QStringLiteral("Nothing was imported")),
             qPrintable(w->statusArea()->currentMessage()));
    QVERIFY2(note->text().contains(QStringLiteral("not an EKNMusic library")), qPrintable(note->text()));
    // The view reloaded after the import: the explanation is still what the window shows.
    QTest::qWait(300);
    QVERIFY(w->isShowingEmptyState());
    QVERIFY(note->isVisible());
    QCOMPARE(w->trackModel()->rowCount(), 0);
}

void TestMainWindow::searchFiltersTheViewAsYouType()
{
    auto w = openWindow();
    importMusic(*w, kMusicTracks);
    QSignalSpy loaded(w.get(), &MainWindow::viewLoaded);
    QTest::keyClick(w.get(), Qt::Key_F, Qt::ControlModifier);
    QVERIFY(w->searchBox()->hasFocus());
    // Diacritics-insensitive prefix search, typed letter by letter.
    QTest::keyClicks(w->searchBox(), QStringLiteral("beyon"));
    QTRY_COMPARE(w->trackModel()->rowCount(), 2);
    const QStringList found = column(*w, TrackModel::TitleColumn);
    QCOMPARE(QSet<QString>(found.begin(), found.end()),
             (QSet<QString>{QStringLiteral("Summer Beat"), QStringLiteral("Dry Season")}));
    // Debounced: five keystrokes did not run five queries.
    QVERIFY2(loaded.size() <= 2, qPrintable(QString::number(loaded.size())));
    w->searchBox()->clear();
    QTest::keyClicks(w->searchBox(), QStringLiteral("polar"));
    QTRY_COMPARE(column(*w, TrackModel::TitleColumn), QStringList{QStringLiteral("Polar Night")});
    w->searchBox()->clear();
    QTRY_COMPARE(w->trackModel()->rowCount(), kMusicTracks);
}

void TestMainWindow::sidebarArtistShowsTheirAlbumsAndSearchesTheirTracks()
{
    auto w = openWindow();
    importMusic(*w, kMusicTracks);
    // An artist shows their albums (issue 12); a search typed over it shows their tracks.
    QVERIFY(w->sidebar()->select({ViewSpec::Kind::Artist, QStringLiteral("Aurora Lane"), {}, {}}));
    QTRY_VERIFY(w->isShowingAlbumGrid() && w->albumGrid()->model()->rowCount() == 1);
    QCOMPARE(w->albumGrid()->model()->index(0, 0).data().toString(), QStringLiteral("Northern Lights"));
    QTest::keyClicks(w->searchBox(), QStringLiteral("aurora"));
    QTRY_COMPARE(w->trackModel()->rowCount(), 3);
    QVERIFY(!w->isShowingAlbumGrid());
    QCOMPARE(column(*w, TrackModel::ArtistColumn), QStringList(3, QStringLiteral("Aurora Lane")));
    w->searchBox()->clear();
    // Albums are grouped under their album artist.
    QVERIFY(w->sidebar()->select({ViewSpec::Kind::Album, QStringLiteral("Compilation"), QStringLiteral("Various Artists"), {}}));
    QTRY_COMPARE(column(*w, TrackModel::TitleColumn), QStringList{QStringLiteral("Zephyr")});
}

void TestMainWindow::sortingByAColumnReordersRows()
{
    auto w = openWindow();
    QAbstractItemModelTester tester(w->trackModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    importMusic(*w, kMusicTracks);
    w->trackView()->sortByColumn(TrackModel::TitleColumn, Qt::AscendingOrder);
    const QStringList sorted{QStringLiteral("Borealis"), QStringLiteral("Dry Season"), QStringLiteral("Polar Night"),
                             QStringLiteral("Solstice"), QStringLiteral("Summer Beat"), QStringLiteral("Zephyr")};
    QTRY_COMPARE_WITH_TIMEOUT(column(*w, TrackModel::TitleColumn), sorted, 3000);
    // Everything selected stays selected through a sort.
    w->trackView()->selectAll();
    w->trackView()->sortByColumn(TrackModel::YearColumn, Qt::DescendingOrder);
    QTRY_COMPARE(column(*w, TrackModel::YearColumn).first(), QStringLiteral("2021"));
    QCOMPARE(w->trackView()->selectedRows().size(), kMusicTracks);
}

void TestMainWindow::multiTrackEditChangesTheLibraryAndUndoRestoresIt()
{
    auto w = openWindow();
    importMusic(*w, kMusicTracks);
    w->trackView()->sortByColumn(TrackModel::TitleColumn, Qt::AscendingOrder);
    QTRY_COMPARE(column(*w, TrackModel::TitleColumn).first(), QStringLiteral("Borealis"));
    // Borealis (Aurora Lane) and Dry Season (Beyoncé Trio): artist differs, genre differs.
    QItemSelectionModel *sel = w->trackView()->selectionModel();
    sel->select(w->trackModel()->index(0, 0), QItemSelectionModel::Select | QItemSelectionModel::Rows);
    sel->select(w->trackModel()->index(1, 0), QItemSelectionModel::Select | QItemSelectionModel::Rows);
    TagEditorDialog *dialog = w->editSelectedTags();
    QVERIFY(dialog);
    QVERIFY(dialog->field(TagEditorDialog::Artist)->text().isEmpty());
    QCOMPARE(dialog->field(TagEditorDialog::Artist)->placeholderText(), QStringLiteral("(different values)"));
    QTest::keyClicks(dialog->field(TagEditorDialog::Album), QStringLiteral("Mixtape"));
    dialog->field(TagEditorDialog::Album)->selectAll();
    QTest::keyClicks(dialog->field(TagEditorDialog::Album), QStringLiteral("Road Mix"));
    QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("saveButton")), Qt::LeftButton);
    QTRY_COMPARE(column(*w, TrackModel::AlbumColumn).mid(0, 2), (QStringList{QStringLiteral("Road Mix"), QStringLiteral("Road Mix")}));
    // Untouched mixed fields kept their own values; other tracks did not change.
    QCOMPARE(column(*w, TrackModel::ArtistColumn).mid(0, 2), (QStringList{QStringLiteral("Aurora Lane"), QStringLiteral("Beyoncé Trio")}));
    QCOMPARE(column(*w, TrackModel::AlbumColumn).count(QStringLiteral("Road Mix")), 2);
    // A fresh window on the same library sees the change (it is in the library, not the view).
    {
        auto again = std::make_unique<MainWindow>(m_data->path());
        QTRY_COMPARE(again->trackModel()->rowCount(), kMusicTracks);
        QTRY_COMPARE(column(*again, TrackModel::AlbumColumn).count(QStringLiteral("Road Mix")), 2);
    }
    // Ctrl+Z puts the albums back.
    w->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(w.get()));
    QTest::keyClick(w.get(), Qt::Key_Z, Qt::ControlModifier);
    QTRY_COMPARE(column(*w, TrackModel::AlbumColumn).count(QStringLiteral("Road Mix")), 0);
    QVERIFY(column(*w, TrackModel::AlbumColumn).contains(QStringLiteral("Heatwave")));
}

void TestMainWindow::multiTrackEditWritesOnlyTheChangedFieldsIntoTheFilesWhenAsked()
{
    QTemporaryDir music;
    const QString mp3 = music.filePath(QStringLiteral("a/one.mp3"));
    const QString ogg = music.filePath(QStringLiteral("a/two.ogg"));
    QVERIFY(makeTone(mp3, toneTags(QStringLiteral("One"), QStringLiteral("Ann"), QStringLiteral("Old Album"), {}, QStringLiteral("Rock"), 1999, 1), 1.0).isEmpty());
    QVERIFY(makeTone(ogg, toneTags(QStringLiteral("Two"), QStringLiteral("Bob"), QStringLiteral("Old Album"), {}, QStringLiteral("Pop"), 2001, 2), 1.0).isEmpty());
    const auto keysOf = [](const TagInfo &info) {
        QStringList keys;
        for (const auto &kv : info.extra)
            keys << kv.first;
        keys.sort();
        return keys;
    };
    const TagReadResult mp3Before = TagReader::read(mp3);
    const TagReadResult oggBefore = TagReader::read(ogg);
    QVERIFY(mp3Before.ok && oggBefore.ok);

    auto w = openWindow();
    dropUrls(w.get(), {QUrl::fromLocalFile(music.path())});
    QTRY_COMPARE_WITH_TIMEOUT(w->trackModel()->rowCount(), 2, 20000);
    QTRY_VERIFY(!w->statusArea()->isScanning());
    w->trackView()->selectAll();
    TagEditorDialog *dialog = w->editSelectedTags();
    QVERIFY(dialog);
    QLineEdit *album = dialog->field(TagEditorDialog::Album);
    album->selectAll();
    QTest::keyClicks(album, QStringLiteral("New Album"));
    auto *write = dialog->findChild<QCheckBox *>(QStringLiteral("writeToFiles"));
    QVERIFY(write && write->isEnabled());
    write->setChecked(true);
    QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("saveButton")), Qt::LeftButton);
    QTRY_COMPARE(column(*w, TrackModel::AlbumColumn), (QStringList{QStringLiteral("New Album"), QStringLiteral("New Album")}));
    QTRY_VERIFY(w->statusArea()->currentMessage().contains(QStringLiteral("files")));

    for (const auto &[path, before] : {qMakePair(mp3, mp3Before), qMakePair(ogg, oggBefore)}) {
        const TagReadResult after = TagReader::read(path);
        QVERIFY2(after.ok, qPrintable(after.error));
        QCOMPARE(after.info.album, QStringLiteral("New Album"));
        // Everything else as it was, and no tag added.
        QCOMPARE(after.info.title, before.info.title);
        QCOMPARE(after.info.artist, before.info.artist);
        QCOMPARE(after.info.genre, before.info.genre);
        QCOMPARE(after.info.year, before.info.year);
        QCOMPARE(after.info.trackNumber, before.info.trackNumber);
        QCOMPARE(after.info.albumArtist, before.info.albumArtist);
        QCOMPARE(keysOf(after.info), keysOf(before.info));
    }
}

void TestMainWindow::tagEditorShowsTheCoverEmbeddedInTheFile()
{
    QTemporaryDir music;
    const QString png = music.filePath(QStringLiteral("red.png"));
    QCOMPARE(makePng(png), QString()); // 16 x 16, all red
    ToneTags tags = toneTags(QStringLiteral("Covered"), QStringLiteral("Ann"), QStringLiteral("Red Album"));
    tags.coverPng = png;
    QCOMPARE(makeTone(music.filePath(QStringLiteral("a/covered.mp3")), tags), QString());
    QVERIFY(QFile::remove(png)); // no image beside the file: only the embedded one can show

    auto w = openWindow();
    dropUrls(w.get(), {QUrl::fromLocalFile(music.path())});
    QTRY_COMPARE_WITH_TIMEOUT(w->trackModel()->rowCount(), 1, 20000);
    QTRY_VERIFY(!w->statusArea()->isScanning());
    w->trackView()->selectRow(0);
    TagEditorDialog *dialog = w->editSelectedTags();
    QVERIFY(dialog);
    auto *cover = dialog->findChild<QLabel *>(QStringLiteral("coverArt"));
    QVERIFY(cover);
    // The placeholder icon first, then the file's picture scaled into the frame.
    QTRY_COMPARE(cover->pixmap().deviceIndependentSize().toSize(), QSize(160, 160));
    const QImage shown = cover->pixmap().toImage();
    const QColor middle = shown.pixelColor(shown.width() / 2, shown.height() / 2);
    QVERIFY2(middle.red() > 240 && middle.green() < 16 && middle.blue() < 16, qPrintable(middle.name())); // red
    dialog->reject();
}

void TestMainWindow::badYearIsRefusedNextToTheField()
{
    auto w = openWindow();
    importMusic(*w, kMusicTracks);
    w->trackView()->selectRow(0);
    TagEditorDialog *dialog = w->editSelectedTags();
    QVERIFY(dialog);
    dialog->field(TagEditorDialog::Year)->selectAll();
    QTest::keyClicks(dialog->field(TagEditorDialog::Year), QStringLiteral("19x7"));
    dialog->field(TagEditorDialog::Title)->selectAll();
    QTest::keyClick(dialog->field(TagEditorDialog::Title), Qt::Key_Delete);
    QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("saveButton")), Qt::LeftButton);
    QVERIFY(dialog->isVisible());
    QVERIFY(dialog->errorLabel(TagEditorDialog::Year)->isVisible());
    QVERIFY(dialog->errorLabel(TagEditorDialog::Year)->text().contains(QStringLiteral("number")));
    QVERIFY(dialog->errorLabel(TagEditorDialog::Title)->isVisible());
    QVERIFY(dialog->errorLabel(TagEditorDialog::Title)->text().contains(QStringLiteral("title")));
    dialog->reject();
}

void TestMainWindow::playlistReorderedByDragKeepsOrderAfterRestart()
{
    QStringList before;
    {
        auto w = openWindow();
        importMusic(*w, kMusicTracks);
        QStringList ids;
        for (int r = 0; r < 3; ++r)
            ids << w->trackModel()->trackAt(r).id;
        w->library()->post([ids](LibraryWorker *lw) { lw->createPlaylist(QStringLiteral("Road Trip"), ids); });
        QTRY_VERIFY(!w->sidebar()->playlists().isEmpty());
        const QString id = w->sidebar()->playlists().first().id;
        QVERIFY(w->sidebar()->select({ViewSpec::Kind::Playlist, id, {}, {}}));
        QTRY_COMPARE(w->trackModel()->rowCount(), 3);
        before = column(*w, TrackModel::TitleColumn);
        // Drag the last entry to the top.
        TrackView *view = w->trackView();
        view->selectRow(2);
        std::unique_ptr<QMimeData> mime(w->trackModel()->mimeData(view->selectionModel()->selectedIndexes()));
        const QRect top = view->visualRect(w->trackModel()->index(0, 0));
        QVERIFY(dragOnto(view, mime.get(), top.topLeft() + QPoint(10, 1), Qt::MoveAction));
        const QStringList expected{before.at(2), before.at(0), before.at(1)};
        QTRY_COMPARE(column(*w, TrackModel::TitleColumn), expected);
    }
    // "Restart": a new window on the same library.
    auto w = openWindow();
    QTRY_VERIFY(!w->sidebar()->playlists().isEmpty());
    QVERIFY(w->sidebar()->select({ViewSpec::Kind::Playlist, w->sidebar()->playlists().first().id, {}, {}}));
    QTRY_COMPARE(column(*w, TrackModel::TitleColumn), (QStringList{before.at(2), before.at(0), before.at(1)}));
}

void TestMainWindow::tracksDraggedOntoAPlaylistAreAdded()
{
    auto w = openWindow();
    importMusic(*w, kMusicTracks);
    w->library()->post([](LibraryWorker *lw) { lw->createPlaylist(QStringLiteral("Favourites"), {}); });
    QTRY_VERIFY(!w->sidebar()->playlists().isEmpty());
    const QString id = w->sidebar()->playlists().first().id;
    TrackView *view = w->trackView();
    view->selectRow(0);
    view->selectionModel()->select(w->trackModel()->index(1, 0), QItemSelectionModel::Select | QItemSelectionModel::Rows);
    const QStringList picked = view->selectedTrackIds();
    QCOMPARE(picked.size(), 2);
    std::unique_ptr<QMimeData> mime(w->trackModel()->mimeData(view->selectionModel()->selectedIndexes()));
    // Find the playlist's row in the sidebar and drop on it.
    Sidebar *side = w->sidebar();
    QTreeWidgetItem *target = nullptr;
    QTreeWidgetItemIterator it(side);
    for (; *it; ++it)
        if ((*it)->text(0) == QStringLiteral("Favourites"))
            target = *it;
    QVERIFY(target);
    side->scrollToItem(target);
    QVERIFY(dragOnto(side, mime.get(), side->visualItemRect(target).center(), Qt::CopyAction));
    QVERIFY(side->select({ViewSpec::Kind::Playlist, id, {}, {}}));
    QTRY_COMPARE(w->trackModel()->rowCount(), 2);
    QCOMPARE((QStringList{w->trackModel()->trackAt(0).id, w->trackModel()->trackAt(1).id}), picked);
    // Delete removes the selected entry from the playlist (the track stays in the library).
    view->setFocus();
    view->selectRow(0);
    QTest::keyClick(view, Qt::Key_Delete);
    QTRY_COMPARE(w->trackModel()->rowCount(), 1);
    QVERIFY(side->select({ViewSpec::Kind::Library, {}, {}, {}}));
    QTRY_COMPARE(w->trackModel()->rowCount(), kMusicTracks);
}

void TestMainWindow::deletedPlaylistCanBeRestored()
{
    auto w = openWindow();
    w->library()->post([](LibraryWorker *lw) { lw->createPlaylist(QStringLiteral("Old Mix"), {}); });
    QTRY_COMPARE(w->sidebar()->playlists().size(), 1);
    const QString id = w->sidebar()->playlists().first().id;
    QMetaObject::invokeMethod(w->sidebar(), [&] { Q_EMIT w->sidebar()->deletePlaylistRequested(id); });
    QTRY_COMPARE(w->sidebar()->playlists().size(), 0);
    QTRY_VERIFY(w->statusArea()->currentMessage().contains(QStringLiteral("Old Mix")));
    w->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(w.get()));
    QTest::keyClick(w.get(), Qt::Key_Z, Qt::ControlModifier);
    QTRY_COMPARE(w->sidebar()->playlists().size(), 1);
    QCOMPARE(w->sidebar()->playlists().first().name, QStringLiteral("Old Mix"));
}

// One undo stack for every kind of change: Ctrl+Z takes back the newest first (a deleted
// playlist, then the tag edit before it), and Edit > Undo is off once nothing is left.
void TestMainWindow::undoTakesBackAPlaylistChangeAndATagEditNewestFirst()
{
    auto w = openWindow();
    importMusic(*w, kMusicTracks);
    QAction *undo = nullptr;
    for (QAction *a : w->findChildren<QAction *>())
        if (a->shortcut() == QKeySequence(QKeySequence::Undo))
            undo = a;
    QVERIFY(undo);
    QVERIFY(!undo->isEnabled());
    const QString id = w->trackModel()->trackAt(0).id;
    const QString title = w->trackModel()->trackAt(0).title;
    TrackEdit edit;
    edit.title = QStringLiteral("Renamed Once");
    w->library()->post([id, edit](LibraryWorker *lw) { lw->editTracks({id}, edit); });
    QTRY_VERIFY(column(*w, TrackModel::TitleColumn).contains(QStringLiteral("Renamed Once")));
    QTRY_VERIFY(undo->isEnabled());
    w->library()->post([id](LibraryWorker *lw) { lw->createPlaylist(QStringLiteral("Kept Mix"), {id}); });
    QTRY_COMPARE(w->sidebar()->playlists().size(), 1);
    const QString playlist = w->sidebar()->playlists().first().id;
    QMetaObject::invokeMethod(w->sidebar(), [&] { Q_EMIT w->sidebar()->deletePlaylistRequested(playlist); });
    QTRY_COMPARE(w->sidebar()->playlists().size(), 0);

    w->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(w.get()));
    QTest::keyClick(w.get(), Qt::Key_Z, Qt::ControlModifier);
    QTRY_COMPARE(w->sidebar()->playlists().size(), 1);
    QVERIFY2(column(*w, TrackModel::TitleColumn).contains(QStringLiteral("Renamed Once")),
             "the first Ctrl+Z brings back only the playlist");
    QTRY_VERIFY(undo->isEnabled());
    QTest::keyClick(w.get(), Qt::Key_Z, Qt::ControlModifier);
    QTRY_VERIFY(column(*w, TrackModel::TitleColumn).contains(title));
    QVERIFY(!column(*w, TrackModel::TitleColumn).contains(QStringLiteral("Renamed Once")));
    QCOMPARE(w->sidebar()->playlists().size(), 1);
    QTRY_VERIFY(!undo->isEnabled());
}

void TestMainWindow::playlistExportAndImportRoundTripWithRelativePaths()
{
    auto w = openWindow();
    importMusic(*w, kMusicTracks);
    QStringList ids;
    QStringList titles;
    for (int r : {4, 1, 3}) {
        ids << w->trackModel()->trackAt(r).id;
        titles << w->trackModel()->trackAt(r).title;
    }
    w->library()->post([ids](LibraryWorker *lw) { lw->createPlaylist(QStringLiteral("Trip"), ids); });
    QTRY_COMPARE(w->sidebar()->playlists().size(), 1);
    const QString id = w->sidebar()->playlists().first().id;
    // Playlists saved inside the music folder refer to the files relatively.
    QTemporaryDir out;
    for (const QString &ext : {QStringLiteral("m3u8"), QStringLiteral("xspf")}) {
        const QString file = m_music.filePath(QStringLiteral("trip-%1.%2").arg(QCoreApplication::applicationPid()).arg(ext));
        QSignalSpy info(w->library()->worker(), &LibraryWorker::info);
        w->library()->post([id, file](LibraryWorker *lw) { lw->exportPlaylist(id, file); });
        QTRY_VERIFY(QFile::exists(file));
        QFile f(file);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(f.readAll());
        QVERIFY2(!text.contains(m_music.path()), qPrintable(text));
        QVERIFY(text.contains(QStringLiteral("Heatwave/")) || text.contains(QStringLiteral("Heatwave%2F")));
        const int before = int(w->sidebar()->playlists().size());
        w->library()->post([file](LibraryWorker *lw) { lw->importPlaylist(file); });
        QTRY_COMPARE(w->sidebar()->playlists().size(), before + 1);
        QString imported;
        for (const Playlist &p : w->sidebar()->playlists())
            if (p.id != id && p.trackCount == 3 && p.name.startsWith(QStringLiteral("Trip")) && p.createdAt.isValid())
                imported = p.id;
        QVERIFY(w->sidebar()->select({ViewSpec::Kind::Playlist, w->sidebar()->playlists().last().id, {}, {}}));
        QTRY_COMPARE(column(*w, TrackModel::TitleColumn), titles);
        QFile::remove(file);
        QVERIFY(w->sidebar()->select({ViewSpec::Kind::Library, {}, {}, {}}));
    }
}

void TestMainWindow::importingASongAsAPlaylistSaysSoAndCreatesNothing()
{
    auto w = openWindow();
    importMusic(*w, kMusicTracks);
    // A song picked by mistake, under a playlist's name.
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("Road Trip.m3u"));
    QVERIFY(copyFile(m_music.filePath(QStringLiteral("Beyoncé Trio/Heatwave/01 Summer Beat.mp3")), file));
    QSignalSpy failed(w->library()->worker(), &LibraryWorker::failed);
    w->library()->post([file](LibraryWorker *lw) { lw->importPlaylist(file); });
    QTRY_COMPARE(failed.size(), 1);
    QTRY_VERIFY2(w->statusArea()->currentMessage().contains(QDir::toNativeSeparators(file) + QStringLiteral(" is not a playlist")),
                 qPrintable(w->statusArea()->currentMessage()));
    QVERIFY(!w->statusArea()->currentMessage().contains(QLatin1Char('\n')));
    // Nothing was made of it: the sidebar still has no playlist once it has caught up.
    QSignalSpy sidebar(w->library()->worker(), &LibraryWorker::sidebarLoaded);
    w->library()->post([](LibraryWorker *lw) { lw->loadSidebar(); });
    QTRY_COMPARE(sidebar.size(), 1);
    QCoreApplication::processEvents();
    QCOMPARE(w->sidebar()->playlists().size(), 0);
}

void TestMainWindow::importedPlaylistTitleSpanningLinesBecomesOneLine()
{
    auto w = openWindow();
    importMusic(*w, kMusicTracks);
    // Another program's XSPF: its title wraps over two lines.
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("wrapped.xspf"));
    QFile f(file);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<playlist version=\"1\" xmlns=\"http://xspf.org/ns/0/\">\n"
            "<title>Road\n    Trip\t2024</title>\n<trackList><track><location>"
            + QUrl::fromLocalFile(m_music.filePath(QStringLiteral("Aurora Lane/Northern Lights/01 Borealis.ogg"))).toEncoded()
            + "</location></track></trackList>\n</playlist>\n");
    f.close();
    w->library()->post([file](LibraryWorker *lw) { lw->importPlaylist(file); });
    QTRY_COMPARE(w->sidebar()->playlists().size(), 1);
    QCOMPARE(w->sidebar()->playlists().first().name, QStringLiteral("Road Trip 2024"));
    QCOMPARE(w->sidebar()->playlists().first().trackCount, 1);
}

void TestMainWindow::doubleClickPlaysAndHighlightsTheRow()
{
    auto w = openWindow();
    importMusic(*w, kMusicTracks);
    TrackView *view = w->trackView();
    const QModelIndex idx = w->trackModel()->index(2, TrackModel::TitleColumn);
    const QString title = idx.data().toString();
    const QPoint pos = view->visualRect(idx).center();
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, pos);
    QTest::mouseDClick(view->viewport(), Qt::LeftButton, {}, pos);
    QTRY_COMPARE_WITH_TIMEOUT(w->player()->state(), Player::State::Playing, 10000);
    QCOMPARE(w->player()->currentTrackId(), w->trackModel()->trackAt(2).id);
    QVERIFY(idx.data(Qt::FontRole).value<QFont>().bold());
    QVERIFY(!w->trackModel()->index(1, 0).data(Qt::FontRole).value<QFont>().bold());
    QTRY_VERIFY(w->findChild<QLabel *>(QStringLiteral("nowPlayingLabel"))->text().contains(title));
    // Space pauses.
    view->setFocus();
    QTest::keyClick(view, Qt::Key_Space);
    QTRY_COMPARE(w->player()->state(), Player::State::Paused);
    w->player()->stop();
}

void TestMainWindow::screenshotsOfTheMainWindowTagEditorAndPlaylist()
{
    const QString dir = screenshotDir();
    const auto save = [&dir](QWidget *widget, const QString &name) {
        const QString path = QDir(dir).filePath(name);
        const QImage image = widget->grab().toImage();
        QVERIFY(image.save(path));
        QVERIFY(QFile::exists(path));
        const QImage back(path);
        QVERIFY(!back.isNull());
        // Not blank: text, icons and rows give many colours; an empty grab gives one or two.
        const int colors = distinctColors(back);
        QVERIFY2(colors > 40, qPrintable(QStringLiteral("%1 has only %2 colours").arg(name).arg(colors)));
    };
    auto w = openWindow();
    QTRY_VERIFY(w->isShowingEmptyState());
    save(w.get(), QStringLiteral("empty-library.png"));
    importMusic(*w, kMusicTracks);
    for (int i = 1; i <= 3; ++i)
        w->sidebar()->topLevelItem(i)->setExpanded(true); // Artists, Albums, Genres fill when opened
    w->sidebar()->expandAll();
    w->trackView()->selectRow(1);
    w->trackModel()->setNowPlaying(w->trackModel()->trackAt(1).id);
    QTest::qWait(50);
    save(w.get(), QStringLiteral("main-window-library.png"));

    w->trackView()->selectRow(0);
    w->trackView()->selectionModel()->select(w->trackModel()->index(2, 0), QItemSelectionModel::Select | QItemSelectionModel::Rows);
    TagEditorDialog *dialog = w->editSelectedTags();
    QVERIFY(dialog);
    QVERIFY(QTest::qWaitForWindowExposed(dialog));
    dialog->field(TagEditorDialog::Year)->setText(QStringLiteral("twenty"));
    dialog->field(TagEditorDialog::Year)->setModified(true);
    dialog->accept(); // refused: shows the message next to the field
    QTest::qWait(50);
    save(dialog, QStringLiteral("tag-editor.png"));
    dialog->reject();

    QStringList ids;
    for (int r = 0; r < 4; ++r)
        ids << w->trackModel()->trackAt(r).id;
    w->library()->post([ids](LibraryWorker *lw) { lw->createPlaylist(QStringLiteral("Evening Mix"), ids); });
    QTRY_VERIFY(!w->sidebar()->playlists().isEmpty());
    QVERIFY(w->sidebar()->select({ViewSpec::Kind::Playlist, w->sidebar()->playlists().first().id, {}, {}}));
    QTRY_COMPARE(w->trackModel()->rowCount(), 4);
    QTest::qWait(50);
    save(w.get(), QStringLiteral("playlist.png"));
    qInfo("screenshots in %s", qPrintable(dir));
}

void TestMainWindow::ratingFromTheKeyboardAndTheTagEditorShowsAsStars()
{
    auto w = openWindow();
    importMusic(*w, kMusicTracks);
    w->trackView()->sortByColumn(TrackModel::TitleColumn, Qt::AscendingOrder);
    QTRY_COMPARE(column(*w, TrackModel::TitleColumn).first(), QStringLiteral("Borealis"));
    QVERIFY(!w->trackView()->isColumnHidden(TrackModel::RatingColumn));
    QVERIFY(!w->trackView()->isColumnHidden(TrackModel::PlaysColumn));
    QCOMPARE(column(*w, TrackModel::RatingColumn).first(), QString()); // never rated
    w->trackView()->selectRow(0);
    w->activateWindow();
    w->trackView()->setFocus();
    QVERIFY(QTest::qWaitForWindowActive(w.get()));
    QTest::keyClick(w->trackView(), Qt::Key_4, Qt::ControlModifier);
    QTRY_COMPARE(column(*w, TrackModel::RatingColumn).first(), QStringLiteral("\u2605\u2605\u2605\u2605\u2606"));
    QCOMPARE(column(*w, TrackModel::RatingColumn).mid(1).join(QString()), QString()); // only the selected one
    QCOMPARE(w->trackModel()->index(0, TrackModel::RatingColumn).data(Qt::ToolTipRole).toString(), QStringLiteral("4 of 5 stars"));
    QTest::keyClick(w->trackView(), Qt::Key_0, Qt::ControlModifier);
    QTRY_COMPARE(column(*w, TrackModel::RatingColumn).first(), QString());
    // A rating is an edit like the others: Ctrl+Z, the one undo stack, gives the 4 stars back.
    QTest::keyClick(w.get(), Qt::Key_Z, Qt::ControlModifier);
    QTRY_COMPARE(column(*w, TrackModel::RatingColumn).first(), QStringLiteral("\u2605\u2605\u2605\u2605\u2606"));
    QTest::keyClick(w->trackView(), Qt::Key_0, Qt::ControlModifier);
    QTRY_COMPARE(column(*w, TrackModel::RatingColumn).first(), QString());
    // Half stars from the tag editor; nonsense is refused next to the field.
    TagEditorDialog *dialog = w->editSelectedTags();
    QVERIFY(dialog);
    QLineEdit *rating = dialog->field(TagEditorDialog::Rating);
    QVERIFY(rating->text().isEmpty());
    QTest::keyClicks(rating, QStringLiteral("7"));
    QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("saveButton")), Qt::LeftButton);
    QVERIFY(dialog->isVisible());
    QVERIFY(dialog->errorLabel(TagEditorDialog::Rating)->isVisible());
    QVERIFY(dialog->errorLabel(TagEditorDialog::Rating)->text().contains(QStringLiteral("0 to 5 stars")));
    rating->selectAll();
    QTest::keyClicks(rating, QStringLiteral("3.5"));
    QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("saveButton")), Qt::LeftButton);
    QTRY_COMPARE(column(*w, TrackModel::RatingColumn).first(), QStringLiteral("\u2605\u2605\u2605\u00bd\u2606"));
    // A fresh window on the same library shows it: it is in the library, not the view.
    auto again = std::make_unique<MainWindow>(m_data->path());
    QTRY_COMPARE(again->trackModel()->rowCount(), kMusicTracks);
    QTRY_VERIFY(column(*again, TrackModel::RatingColumn).contains(QStringLiteral("\u2605\u2605\u2605\u00bd\u2606")));
}
