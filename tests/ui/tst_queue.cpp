#include "tst_queue.h"

#include "audiofixture.h"
#include "windowfixture.h"
#include "mainwindow.h"
#include "playback/playback.h"
#include "playbackcontroller.h"
#include "playerbar.h"
#include "queuemodel.h"
#include "queuepanel.h"
#include "nowplayingpanel.h"
#include "sidebar.h"
#include "statusarea.h"
#include "trackmodel.h"
#include "trackview.h"

#include <QAction>
#include <QApplication>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QLabel>
#include <QListView>
#include <QAudioDevice>
#include <QMediaDevices>
#include <QMimeData>
#include <QSet>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>
#include <QToolButton>

using namespace ekn;
using namespace ekn::test;

namespace {

// Album "North" (3 tracks), "South" (3 tracks), "West" (2 tracks): 8 tracks in all.
constexpr int kTracks = 8;

QStringList titlesOf(const QList<QueueItem> &items)
{
    QStringList out;
    for (const QueueItem &i : items)
        out << i.title;
    return out;
}

// What the queue panel lists, top to bottom, as a user reads it.
QStringList queueRows(MainWindow &w)
{
    QStringList out;
    QAbstractItemModel *m = w.playback()->queuePanel()->view()->model();
    for (int r = 0; r < m->rowCount(); ++r)
        out << m->index(r, 0).data().toString().section(QStringLiteral(" \u2014 "), 0, 0);
    return out;
}

void selectTitles(MainWindow &w, const QStringList &titles)
{
    TrackView *view = w.trackView();
    view->clearSelection();
    for (const QString &t : titles) {
        const int row = rowOfTitle(w, t);
        QVERIFY2(row >= 0, qPrintable(t));
        view->selectionModel()->select(w.trackModel()->index(row, 0), QItemSelectionModel::Select | QItemSelectionModel::Rows);
    }
}

QString currentTitle(MainWindow &w)
{
    const QueueItem *item = w.player()->queue().current();
    return item ? item->title : QString();
}

QStringList walkWithNext(MainWindow &w, int steps)
{
    QStringList seen{currentTitle(w)};
    for (int i = 0; i < steps; ++i) {
        w.player()->next();
        seen << currentTitle(w);
    }
    return seen;
}

} // namespace

void TestQueue::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("EKNMusicTest"));
    QCoreApplication::setApplicationName(QStringLiteral("test_ui"));
    QSettings().clear();
    QVERIFY(m_music.isValid());
    const QList<QPair<QString, QString>> albums = {{QStringLiteral("North"), QStringLiteral("N")},
                                                   {QStringLiteral("South"), QStringLiteral("S")},
                                                   {QStringLiteral("West"), QStringLiteral("W")}};
    int freq = 300;
    for (const auto &[album, letter] : albums) {
        const int count = album == QStringLiteral("West") ? 2 : 3;
        for (int n = 1; n <= count; ++n) {
            const QString title = letter + QString::number(n);
            const QString path = m_music.filePath(QStringLiteral("%1/%2 %3.ogg").arg(album).arg(n).arg(title));
            const QString err = makeTone(path, toneTags(title, QStringLiteral("Artist ") + letter, album, {}, {}, 2000, n), 3.0,
                                         freq += 40);
            QVERIFY2(err.isEmpty(), qPrintable(err));
        }
    }
}

void TestQueue::init()
{
    m_data = std::make_unique<QTemporaryDir>();
    QVERIFY(m_data->isValid());
}

void TestQueue::cleanup() { m_data.reset(); }

std::unique_ptr<MainWindow> TestQueue::openWindowWithMusic()
{
    auto w = openShownWindow(m_data->path());
    w->importPaths({m_music.path()});
    [&] {
        QTRY_COMPARE_WITH_TIMEOUT(w->trackModel()->rowCount(), kTracks, 20000);
        QTRY_VERIFY_WITH_TIMEOUT(!w->statusArea()->isScanning(), 20000);
        QTRY_VERIFY(w->sidebar()->topLevelItem(0)->text(0).contains(QString::number(kTracks)));
        // Library order after the scan: album by album, each by track number.
        // (The view reloads once the scan ends: rows may be gone for a moment.)
        QTRY_VERIFY_WITH_TIMEOUT(w->trackModel()->rowCount() == kTracks && !w->trackModel()->isLoading()
                                     && w->trackModel()->trackAt(0).title == QStringLiteral("N1"),
                                 10000);
    }();
    return w;
}

void TestQueue::playNextAndAddToQueuePlayInTheOrderChosen()
{
    auto w = openWindowWithMusic();
    PlaybackController *pc = w->playback();
    // Double-click N1: the library plays from there.
    TrackView *view = w->trackView();
    const QPoint n1 = view->visualRect(w->trackModel()->index(rowOfTitle(*w, QStringLiteral("N1")), 0)).center();
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, n1);
    QTest::mouseDClick(view->viewport(), Qt::LeftButton, {}, n1);
    QTRY_COMPARE(currentTitle(*w), QStringLiteral("N1"));

    // Add to Queue (Ctrl+Return) W2, then S3; Play Next (context menu action) W1.
    selectTitles(*w, {QStringLiteral("W2")});
    view->setFocus();
    QTest::keyClick(view, Qt::Key_Return, Qt::ControlModifier);
    selectTitles(*w, {QStringLiteral("S3")});
    pc->addToQueueAction()->trigger();
    selectTitles(*w, {QStringLiteral("W1")});
    QTest::keyClick(view, Qt::Key_Return, Qt::ShiftModifier);
    QCOMPARE(currentTitle(*w), QStringLiteral("N1")); // queueing never interrupts

    // The queue panel shows the queued items first, then the rest of the library.
    pc->showQueueAction()->trigger();
    QVERIFY(pc->queueDock()->isVisible());
    QCOMPARE(queueRows(*w), (QStringList{QStringLiteral("W1"), QStringLiteral("W2"), QStringLiteral("S3"), QStringLiteral("N2"),
                                          QStringLiteral("N3"), QStringLiteral("S1"), QStringLiteral("S2"), QStringLiteral("S3"),
                                          QStringLiteral("W1"), QStringLiteral("W2")}));
    // Next walks them in that order, then the library goes on after N1.
    QCOMPARE(walkWithNext(*w, 5), (QStringList{QStringLiteral("N1"), QStringLiteral("W1"), QStringLiteral("W2"),
                                               QStringLiteral("S3"), QStringLiteral("N2"), QStringLiteral("N3")}));
    QTRY_COMPARE_WITH_TIMEOUT(w->player()->state(), Player::State::Playing, 10000);
    QCOMPARE(queueRows(*w).first(), QStringLiteral("S1"));
    w->player()->stop();
}

void TestQueue::queuePanelReordersRemovesAndClears()
{
    auto w = openWindowWithMusic();
    PlaybackController *pc = w->playback();
    pc->showQueueAction()->trigger();
    selectTitles(*w, {QStringLiteral("N2"), QStringLiteral("S1"), QStringLiteral("W2")});
    pc->addToQueueAction()->trigger();
    QCOMPARE(titlesOf(w->player()->queue().upNext()), (QStringList{QStringLiteral("N2"), QStringLiteral("S1"), QStringLiteral("W2")}));
    QListView *list = pc->queuePanel()->view();

    // Drag W2 (row 2) above N2 (row 0).
    QAbstractItemModel *m = list->model();
    std::unique_ptr<QMimeData> mime(m->mimeData({m->index(2, 0)}));
    const QRect top = list->visualRect(m->index(0, 0));
    QVERIFY(ekn::test::dragOnto(list, mime.get(), QPoint(top.center().x(), top.top() + 2), Qt::MoveAction));
    QCOMPARE(queueRows(*w), (QStringList{QStringLiteral("W2"), QStringLiteral("N2"), QStringLiteral("S1")}));

    // Delete removes the selected queued item.
    list->setCurrentIndex(m->index(1, 0));
    list->setFocus();
    QTest::keyClick(list, Qt::Key_Delete);
    QCOMPARE(queueRows(*w), (QStringList{QStringLiteral("W2"), QStringLiteral("S1")}));

    // Clear empties it, and says there is nothing queued.
    auto *clear = pc->queuePanel()->findChild<QToolButton *>(QStringLiteral("clearQueueButton"));
    QVERIFY(clear && clear->isEnabled());
    QTest::mouseClick(clear, Qt::LeftButton);
    QCOMPARE(queueRows(*w), QStringList());
    QVERIFY(!clear->isEnabled());
    QVERIFY(pc->queuePanel()->findChild<QLabel *>(QStringLiteral("queueSummary"))->text().contains(QStringLiteral("Nothing queued")));
}

void TestQueue::tracksDraggedOntoTheQueuePanelAreQueuedWhereDropped()
{
    auto w = openWindowWithMusic();
    PlaybackController *pc = w->playback();
    pc->showQueueAction()->trigger();
    selectTitles(*w, {QStringLiteral("N1"), QStringLiteral("N3")});
    pc->addToQueueAction()->trigger();
    QListView *list = pc->queuePanel()->view();
    // Drag S2 and S3 from the track view onto the second queue row: they go before it.
    TrackModel *tm = w->trackModel();
    std::unique_ptr<QMimeData> mime(tm->mimeData({tm->index(rowOfTitle(*w, QStringLiteral("S2")), 0),
                                                 tm->index(rowOfTitle(*w, QStringLiteral("S3")), 0)}));
    const QRect second = list->visualRect(list->model()->index(1, 0));
    QVERIFY(ekn::test::dragOnto(list, mime.get(), QPoint(second.center().x(), second.top() + 2), Qt::CopyAction));
    QCOMPARE(queueRows(*w), (QStringList{QStringLiteral("N1"), QStringLiteral("S2"), QStringLiteral("S3"), QStringLiteral("N3")}));
    // The library's own rows stay where they were.
    QCOMPARE(w->trackModel()->rowCount(), kTracks);
}

void TestQueue::shuffleTracksPlaysEveryTrackOnce()
{
    auto w = openWindowWithMusic();
    // The shuffle button of the player bar, then play from S2.
    QToolButton *shuffle = w->findChild<QToolButton *>(QStringLiteral("shuffleButton"));
    QVERIFY(shuffle);
    QTest::mouseClick(shuffle, Qt::LeftButton, {}, QPoint(6, shuffle->height() / 2));
    QCOMPARE(w->player()->shuffle(), ShuffleMode::Tracks);
    QVERIFY(shuffle->isChecked());
    w->trackView()->playRequested(rowOfTitle(*w, QStringLiteral("S2")));
    const QStringList played = walkWithNext(*w, kTracks - 1);
    QCOMPARE(played.first(), QStringLiteral("S2")); // the chosen track plays first
    QCOMPARE(QSet<QString>(played.cbegin(), played.cend()).size(), kTracks);
    QVERIFY(!w->player()->queue().hasNext()); // and then the list has ended
    // In library order, the walk would have been S2 S3 W1 ...: shuffled is something else
    // (8! orders; the chance of the library's is nil).
    QVERIFY(played != (QStringList{QStringLiteral("S2"), QStringLiteral("S3"), QStringLiteral("W1"), QStringLiteral("W2")}
                       + QStringList{QStringLiteral("N1"), QStringLiteral("N2"), QStringLiteral("N3"), QStringLiteral("S1")}));
    // Shuffle off: the library order again, from where it stands.
    QTest::mouseClick(shuffle, Qt::LeftButton, {}, QPoint(6, shuffle->height() / 2));
    QCOMPARE(w->player()->shuffle(), ShuffleMode::Off);
    w->player()->stop();
}

void TestQueue::shuffleAlbumsKeepsEachAlbumTogetherInTrackOrder()
{
    // The queue alone, with many albums: the order of albums is random, each album whole.
    QList<QueueItem> items;
    for (int a = 0; a < 12; ++a)
        for (int t = 3; t >= 1; --t) { // listed backwards: shuffled albums still play 1, 2, 3
            QueueItem item(QStringLiteral("a%1t%2").arg(a).arg(t), QUrl(), QStringLiteral("A%1-%2").arg(a).arg(t));
            item.album = QStringLiteral("Album %1").arg(a);
            item.artist = QStringLiteral("Artist");
            item.trackNumber = t;
            items.append(item);
        }
    PlayQueue q;
    q.setShuffle(ShuffleMode::Albums);
    q.setItems(items, 4); // Album 1, track 2
    QStringList played{q.current()->title};
    while (q.advance())
        played << q.current()->title;
    QCOMPARE(played.size(), 36 - 1); // from track 2 of the first album: track 1 of it came before
    QCOMPARE(played.mid(0, 2), (QStringList{QStringLiteral("A1-2"), QStringLiteral("A1-3")}));
    QStringList albumsSeen;
    for (int i = 2; i < played.size(); i += 3) {
        const QString album = played.at(i).section(QLatin1Char('-'), 0, 0);
        QCOMPARE(played.mid(i, 3), (QStringList{album + QStringLiteral("-1"), album + QStringLiteral("-2"), album + QStringLiteral("-3")}));
        albumsSeen << album;
    }
    QCOMPARE(QSet<QString>(albumsSeen.cbegin(), albumsSeen.cend()).size(), 11);
    QStringList inOrder;
    for (int a = 0; a < 12; ++a)
        if (a != 1)
            inOrder << QStringLiteral("A%1").arg(a);
    QVERIFY2(albumsSeen != inOrder, "albums came in library order");
}

void TestQueue::repeatAllStartsOverAndRepeatOneReplaysTheTrack()
{
    auto w = openWindowWithMusic();
    QToolButton *repeat = w->findChild<QToolButton *>(QStringLiteral("repeatButton"));
    QVERIFY(repeat);
    // Repeat all: past the last row comes the first.
    QTest::mouseClick(repeat, Qt::LeftButton);
    QCOMPARE(w->player()->repeat(), RepeatMode::All);
    w->trackView()->playRequested(rowOfTitle(*w, QStringLiteral("W2"))); // the last row
    QCOMPARE(walkWithNext(*w, 1), (QStringList{QStringLiteral("W2"), QStringLiteral("N1")}));

    // Repeat one: the end of the file plays it again (a real 3 s file, played to its end).
    QTest::mouseClick(repeat, Qt::LeftButton);
    QCOMPARE(w->player()->repeat(), RepeatMode::One);
    QVERIFY(repeat->toolTip().contains(QStringLiteral("Repeat one")));
    QSignalSpy current(w->player(), &Player::currentChanged);
    QTRY_COMPARE_WITH_TIMEOUT(w->player()->state(), Player::State::Playing, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(w->player()->duration() > 2000, 5000);
    w->player()->seek(2500);
    QTRY_VERIFY_WITH_TIMEOUT(current.size() >= 1, 10000);
    QCOMPARE(current.last().at(1).toString(), w->trackModel()->trackAt(rowOfTitle(*w, QStringLiteral("N1"))).id);
    QCOMPARE(currentTitle(*w), QStringLiteral("N1"));
    QTRY_COMPARE_WITH_TIMEOUT(w->player()->state(), Player::State::Playing, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(w->player()->position() > 200 && w->player()->position() < 2400, 10000);
    // Next still moves on: repeat one holds only at a file's end.
    w->player()->next();
    QCOMPARE(currentTitle(*w), QStringLiteral("N2"));
    w->player()->stop();
}

void TestQueue::restartResumesTheQueuePausedWhereItStopped()
{
    QString playing, queued;
    {
        auto w = openWindowWithMusic();
        w->trackView()->playRequested(rowOfTitle(*w, QStringLiteral("S1")));
        selectTitles(*w, {QStringLiteral("W2")});
        w->playback()->playNextAction()->trigger();
        w->player()->setRepeat(RepeatMode::All);
        w->player()->setShuffle(ShuffleMode::Albums);
        QTRY_COMPARE_WITH_TIMEOUT(w->player()->state(), Player::State::Playing, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(w->player()->duration() > 2000, 5000);
        w->player()->seek(1800);
        w->player()->pause();
        QTRY_COMPARE(w->player()->state(), Player::State::Paused);
        QTRY_VERIFY(qAbs(w->player()->position() - 1800) < 300);
        playing = w->player()->currentTrackId();
        queued = w->player()->queue().upNext().value(0).trackId;
        w->close(); // as the user quits
    }
    QVERIFY(QFile::exists(m_data->filePath(QStringLiteral("playqueue.dat"))));

    auto w = openShownWindow(m_data->path());
    QTRY_COMPARE_WITH_TIMEOUT(w->player()->currentTrackId(), playing, 10000);
    QCOMPARE(currentTitle(*w), QStringLiteral("S1"));
    QCOMPARE(w->player()->state(), Player::State::Paused); // not playing by itself
    QCOMPARE(w->player()->queue().upNext().value(0).trackId, queued);
    QCOMPARE(w->player()->repeat(), RepeatMode::All);
    QCOMPARE(w->player()->shuffle(), ShuffleMode::Albums);
    QVERIFY(w->findChild<QToolButton *>(QStringLiteral("shuffleButton"))->isChecked());
    QVERIFY(w->findChild<QToolButton *>(QStringLiteral("repeatButton"))->isChecked());
    QTRY_VERIFY(w->findChild<QLabel *>(QStringLiteral("nowPlayingLabel"))->text().startsWith(QStringLiteral("S1")));
    QVERIFY2(qAbs(w->player()->position() - 1800) < 300, qPrintable(QString::number(w->player()->position())));
    // Play goes on from there.
    w->player()->togglePlayPause();
    QTRY_COMPARE_WITH_TIMEOUT(w->player()->state(), Player::State::Playing, 10000);
    // The first position reported is the saved one, not the start of the file.
    QTRY_VERIFY_WITH_TIMEOUT(w->player()->position() != 1800 && w->player()->position() > 0, 5000);
    QVERIFY2(w->player()->position() > 1700, qPrintable(QString::number(w->player()->position())));
    QCOMPARE(w->player()->currentTrackId(), playing);
    w->player()->next();
    QCOMPARE(w->player()->currentTrackId(), queued);
    w->player()->stop();
}

void TestQueue::damagedQueueFileSaysSoAndStartsEmpty()
{
    QFile f(m_data->filePath(QStringLiteral("playqueue.dat")));
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(QByteArray("EKQU this is not a queue at all"));
    f.close();
    auto w = openShownWindow(m_data->path());
    QTRY_VERIFY_WITH_TIMEOUT(w->statusArea()->currentMessage().contains(QStringLiteral("damaged")), 10000);
    QVERIFY(w->statusArea()->currentMessage().contains(QStringLiteral("playqueue.dat")));
    QVERIFY(w->player()->queue().isEmpty());
    QCOMPARE(w->player()->state(), Player::State::Stopped);
}

void TestQueue::windowTitleNamesWhatPlays()
{
    auto w = openWindowWithMusic();
    QCOMPARE(w->windowTitle(), QStringLiteral("EKNMusic"));
    w->trackView()->playRequested(rowOfTitle(*w, QStringLiteral("S2")));
    QTRY_COMPARE_WITH_TIMEOUT(w->player()->state(), Player::State::Playing, 10000);
    QCOMPARE(w->windowTitle(), QStringLiteral("S2 \u2014 Artist S"));
    // No sound device (as on this headless machine): the status bar says so, once.
    const bool noDevice = QMediaDevices::audioOutputs().isEmpty();
    QCOMPARE(w->statusArea()->currentMessage().contains(QStringLiteral("No audio output could be opened")), noDevice);
    w->player()->stop();
    QCOMPARE(w->windowTitle(), QStringLiteral("EKNMusic"));
}

namespace {
// A picture of one colour, saved as the suffix says (png, jpg).
QString solidImage(const QString &path, QColor color)
{
    QImage image(400, 400, QImage::Format_RGB32);
    image.fill(color);
    QDir().mkpath(QFileInfo(path).absolutePath());
    return image.save(path) ? QString() : QStringLiteral("could not save ") + path;
}

bool looksLike(const QImage &image, QColor color)
{
    if (image.isNull())
        return false;
    const QColor c = image.pixelColor(image.width() / 2, image.height() / 2);
    return qAbs(c.red() - color.red()) < 40 && qAbs(c.green() - color.green()) < 40 && qAbs(c.blue() - color.blue()) < 40;
}
} // namespace

void TestQueue::coversComeFromEmbeddedArtOrTheFolderImage()
{
    QTemporaryDir music;
    const QString redPng = music.filePath(QStringLiteral("red.png"));
    QVERIFY(solidImage(redPng, Qt::red).isEmpty());
    ToneTags embedded = toneTags(QStringLiteral("Red Song"), QStringLiteral("Painter"), QStringLiteral("Colours"), {}, {}, 1999, 1);
    embedded.coverPng = redPng;
    QVERIFY(makeTone(music.filePath(QStringLiteral("Art/01 Red Song.mp3")), embedded, 3.0).isEmpty());
    QFile::remove(redPng);
    QVERIFY(makeTone(music.filePath(QStringLiteral("Folder/01 Blue Song.ogg")),
                     toneTags(QStringLiteral("Blue Song"), QStringLiteral("Painter"), QStringLiteral("Sky")), 3.0, 500)
                .isEmpty());
    QVERIFY(solidImage(music.filePath(QStringLiteral("Folder/Cover.JPG")), Qt::blue).isEmpty());
    QVERIFY(makeTone(music.filePath(QStringLiteral("Plain/01 Grey Song.ogg")),
                     toneTags(QStringLiteral("Grey Song"), QStringLiteral("Painter"), QStringLiteral("None")), 3.0, 600)
                .isEmpty());

    auto w = openShownWindow(m_data->path());
    w->importPaths({music.path()});
    QTRY_VERIFY_WITH_TIMEOUT(w->trackModel()->rowCount() == 3 && !w->statusArea()->isScanning(), 20000);
    QTRY_VERIFY_WITH_TIMEOUT(!w->trackModel()->isLoading() && w->trackModel()->rowCount() == 3, 10000);
    NowPlayingPanel *panel = w->playback()->nowPlaying();
    w->playback()->nowPlayingDock()->show();
    QSignalSpy covers(panel, &NowPlayingPanel::coverChanged);

    // Embedded in the mp3: red, in the panel and the player bar, and cached as a file.
    w->trackView()->playRequested(rowOfTitle(*w, QStringLiteral("Red Song")));
    QTRY_VERIFY_WITH_TIMEOUT(!panel->cover().isNull(), 10000);
    QVERIFY(looksLike(panel->cover(), Qt::red));
    QVERIFY(panel->coverPath().startsWith(QStandardPaths::writableLocation(QStandardPaths::CacheLocation)));
    QVERIFY(QFile::exists(panel->coverPath()));
    QVERIFY(looksLike(w->findChild<QLabel *>(QStringLiteral("playerBarCover"))->pixmap().toImage(), Qt::red));
    QCOMPARE(panel->titleText(), QStringLiteral("Red Song"));
    QVERIFY2(panel->detailsText().contains(QStringLiteral("Colours (1999)")) && panel->detailsText().contains(QStringLiteral("MP3")),
             qPrintable(panel->detailsText()));

    // No picture in the ogg: the folder's Cover.JPG (any case), blue.
    w->trackView()->playRequested(rowOfTitle(*w, QStringLiteral("Blue Song")));
    QTRY_VERIFY_WITH_TIMEOUT(looksLike(panel->cover(), Qt::blue), 10000);
    QVERIFY(QFile::exists(panel->coverPath()));

    // Neither: no cover, and the placeholder.
    covers.clear();
    w->trackView()->playRequested(rowOfTitle(*w, QStringLiteral("Grey Song")));
    QTRY_VERIFY_WITH_TIMEOUT(!covers.isEmpty(), 10000);
    QVERIFY(panel->cover().isNull());
    QVERIFY(panel->coverPath().isEmpty());

    // The second time a cover comes from the cache, not the file: same picture.
    w->trackView()->playRequested(rowOfTitle(*w, QStringLiteral("Red Song")));
    QTRY_VERIFY_WITH_TIMEOUT(looksLike(panel->cover(), Qt::red), 10000);
    w->player()->stop();
}
