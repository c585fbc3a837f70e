#include "tst_mpris.h"

#include "audiofixture.h"
#include "mainwindow.h"
#include "mprisservice.h"
#include "trackmodel.h"
#include "playback/playback.h"

#include <QDBusArgument>
#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDBusInterface>
#include <QDBusMessage>
#include <QDBusMetaType>
#include <QDBusReply>
#include <QDBusVariant>
#include <QFile>
#include <QImage>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QFile>
#include <QTest>
#include <QThread>
#include <QUrl>

#include <atomic>
#include <functional>

using namespace ekn;
using namespace ekn::test;

namespace {

const QString kPath = QStringLiteral("/org/mpris/MediaPlayer2");
const QString kPlayerInterface = QStringLiteral("org.mpris.MediaPlayer2.Player");

// Runs `f` on a thread of its own with its own bus connection, while this (GUI) thread keeps
// serving the bus: a blocking call from here to ourselves would never be answered.
void asClient(const std::function<void(QDBusConnection &)> &f)
{
    std::atomic<bool> done{false};
    QThread *t = QThread::create([&] {
        static std::atomic<int> n{0};
        const QString name = QStringLiteral("mpris-test-client-%1").arg(++n);
        {
            QDBusConnection bus = QDBusConnection::connectToBus(QDBusConnection::SessionBus, name);
            f(bus);
        }
        QDBusConnection::disconnectFromBus(name);
        done = true;
    });
    t->start();
    // Every call has its own timeout, so the thread always ends; serve the bus meanwhile.
    while (!done.load())
        QTest::qWait(5);
    t->wait();
    delete t;
}

QVariant readProperty(QDBusConnection &bus, const QString &service, const QString &interface, const QString &name)
{
    QDBusMessage get = QDBusMessage::createMethodCall(service, kPath, QStringLiteral("org.freedesktop.DBus.Properties"),
                                                      QStringLiteral("Get"));
    get << interface << name;
    const QDBusReply<QDBusVariant> reply = bus.call(get, QDBus::Block, 10000);
    return reply.isValid() ? reply.value().variant() : QVariant();
}

QString callPlayer(QDBusConnection &bus, const QString &service, const QString &method)
{
    QDBusInterface player(service, kPath, kPlayerInterface, bus);
    if (!player.isValid())
        return QStringLiteral("no MPRIS player object at %1: %2").arg(service, player.lastError().message());
    const QDBusMessage reply = player.call(method);
    return reply.type() == QDBusMessage::ErrorMessage ? reply.errorMessage() : QString();
}

} // namespace

void PropertiesWatcher::onChanged(const QString &interface, const QVariantMap &properties, const QStringList &)
{
    if (interface != kPlayerInterface)
        return;
    for (auto it = properties.cbegin(); it != properties.cend(); ++it)
        changed.insert(it.key(), it.value());
}

void TestMpris::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true); // the window's settings stay out of the user's
    QVERIFY2(QDBusConnection::sessionBus().isConnected(),
             "no session bus: run the tests through scripts/with-test-services.sh");
}

void TestMpris::playPauseOverTheBusPlaysAndReportsStatusAndMetadata()
{
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("bus tone.ogg"));
    const QString err = makeTone(file, toneTags(QStringLiteral("Bus Tone")), 3.0);
    QVERIFY2(err.isEmpty(), qPrintable(err));

    Player player;
    MprisService mpris(&player);
    QVERIFY2(mpris.isRegistered(), "the player did not get a name on the session bus");
    QVERIFY(mpris.serviceName().startsWith(QStringLiteral("org.mpris.MediaPlayer2.eknmusic")));
    // As the window queues a view: by path, the URL made only when the item plays.
    player.setQueue({{QStringLiteral("0f8e-track-1"), QUrl(), QStringLiteral("Bus Tone"), QStringLiteral("Zoë Artist"),
                      QStringLiteral("Bus Album"), file}});
    const QString service = mpris.serviceName();

    // What a media key daemon sees before anything plays.
    QString before;
    bool hasPlayerName = false;
    asClient([&](QDBusConnection &bus) {
        before = readProperty(bus, service, kPlayerInterface, QStringLiteral("PlaybackStatus")).toString();
        const QDBusReply<QStringList> names = bus.interface()->registeredServiceNames();
        hasPlayerName = names.value().contains(service);
    });
    QVERIFY2(hasPlayerName, "the MPRIS name is not listed on the bus");
    QCOMPARE(before, QStringLiteral("Stopped"));

    // A listener on its own connection, as the desktop's sound menu is.
    const QString watcherName = QStringLiteral("mpris-test-watcher");
    QDBusConnection watcherBus = QDBusConnection::connectToBus(QDBusConnection::SessionBus, watcherName);
    PropertiesWatcher watcher;
    QVERIFY(watcherBus.connect(service, kPath, QStringLiteral("org.freedesktop.DBus.Properties"),
                               QStringLiteral("PropertiesChanged"), &watcher,
                               SLOT(onChanged(QString, QVariantMap, QStringList))));

    // The play/pause media key.
    QString error = QStringLiteral("not called");
    asClient([&](QDBusConnection &bus) { error = callPlayer(bus, service, QStringLiteral("PlayPause")); });
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QTRY_COMPARE_WITH_TIMEOUT(player.state(), Player::State::Playing, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(player.duration() > 2000, 5000);

    QString status;
    QVariantMap metadata;
    QString identity;
    QString desktopEntry;
    asClient([&](QDBusConnection &bus) {
        desktopEntry = readProperty(bus, service, QStringLiteral("org.mpris.MediaPlayer2"), QStringLiteral("DesktopEntry")).toString();
        status = readProperty(bus, service, kPlayerInterface, QStringLiteral("PlaybackStatus")).toString();
        metadata = qdbus_cast<QVariantMap>(readProperty(bus, service, kPlayerInterface, QStringLiteral("Metadata")));
        identity = readProperty(bus, service, QStringLiteral("org.mpris.MediaPlayer2"), QStringLiteral("Identity")).toString();
    });
    QCOMPARE(status, QStringLiteral("Playing"));
    QCOMPARE(identity, QStringLiteral("EKNMusic"));
    // The sound menu finds the icon and name through the .desktop file this names.
    QVERIFY2(QFile::exists(QStringLiteral(EKN_SOURCE_DIR "/packaging/linux/") + desktopEntry + QStringLiteral(".desktop")),
             qPrintable(desktopEntry));
    QCOMPARE(metadata.value(QStringLiteral("xesam:title")).toString(), QStringLiteral("Bus Tone"));
    QCOMPARE(metadata.value(QStringLiteral("xesam:artist")).toStringList(), QStringList{QStringLiteral("Zoë Artist")});
    QCOMPARE(metadata.value(QStringLiteral("xesam:album")).toString(), QStringLiteral("Bus Album"));
    QCOMPARE(metadata.value(QStringLiteral("xesam:url")).toString(), QUrl::fromLocalFile(file).toString());
    const qlonglong lengthUs = metadata.value(QStringLiteral("mpris:length")).toLongLong();
    QVERIFY2(lengthUs > 2500000 && lengthUs < 3500000, qPrintable(QString::number(lengthUs)));
    const QString trackId = qdbus_cast<QDBusObjectPath>(metadata.value(QStringLiteral("mpris:trackid"))).path();
    QVERIFY2(trackId.startsWith(QStringLiteral("/org/eknmusic/track/")), qPrintable(trackId));

    // The change was announced without anyone asking.
    QTRY_COMPARE_WITH_TIMEOUT(watcher.changed.value(QStringLiteral("PlaybackStatus")).toString(), QStringLiteral("Playing"), 5000);
    const QVariantMap announced = qdbus_cast<QVariantMap>(watcher.changed.value(QStringLiteral("Metadata")));
    QCOMPARE(announced.value(QStringLiteral("xesam:title")).toString(), QStringLiteral("Bus Tone"));

    // The same key again pauses.
    asClient([&](QDBusConnection &bus) { error = callPlayer(bus, service, QStringLiteral("PlayPause")); });
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QTRY_COMPARE_WITH_TIMEOUT(player.state(), Player::State::Paused, 10000);
    asClient([&](QDBusConnection &bus) {
        status = readProperty(bus, service, kPlayerInterface, QStringLiteral("PlaybackStatus")).toString();
    });
    QCOMPARE(status, QStringLiteral("Paused"));
    QTRY_COMPARE_WITH_TIMEOUT(watcher.changed.value(QStringLiteral("PlaybackStatus")).toString(), QStringLiteral("Paused"), 5000);
    player.stop();
    QDBusConnection::disconnectFromBus(watcherName);
}

void TestMpris::volumeAndStopFromTheBusReachThePlayer()
{
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("t.ogg"));
    QVERIFY(makeTone(file, {}, 3.0).isEmpty());
    Player player;
    MprisService mpris(&player);
    QVERIFY(mpris.isRegistered());
    player.setQueue({{QStringLiteral("id1"), QUrl::fromLocalFile(file), QStringLiteral("One"), {}, {}, {}}});
    player.setVolume(0.8f);
    const QString service = mpris.serviceName();

    QString error = QStringLiteral("not called");
    asClient([&](QDBusConnection &bus) {
        QDBusMessage set = QDBusMessage::createMethodCall(service, kPath, QStringLiteral("org.freedesktop.DBus.Properties"),
                                                          QStringLiteral("Set"));
        set << kPlayerInterface << QStringLiteral("Volume") << QVariant::fromValue(QDBusVariant(0.25));
        const QDBusMessage reply = bus.call(set, QDBus::Block, 10000);
        error = reply.type() == QDBusMessage::ErrorMessage ? reply.errorMessage() : QString();
        if (error.isEmpty())
            error = callPlayer(bus, service, QStringLiteral("Play"));
    });
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(qRound(player.volume() * 100), 25);
    QTRY_COMPARE_WITH_TIMEOUT(player.state(), Player::State::Playing, 10000);

    double volume = -1;
    QString status;
    asClient([&](QDBusConnection &bus) {
        volume = readProperty(bus, service, kPlayerInterface, QStringLiteral("Volume")).toDouble();
        error = callPlayer(bus, service, QStringLiteral("Stop"));
        status = readProperty(bus, service, kPlayerInterface, QStringLiteral("PlaybackStatus")).toString();
    });
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(qRound(volume * 100), 25);
    QCOMPARE(status, QStringLiteral("Stopped"));
    QCOMPARE(player.state(), Player::State::Stopped);
}

void TestMpris::mediaKeyOnTheWindowPlaysItsFirstTrack()
{
    QTemporaryDir music, data;
    const QString album = music.filePath(QStringLiteral("Key Artist/Keys"));
    QVERIFY(makeTone(album + QStringLiteral("/01 First Light.ogg"),
                     toneTags(QStringLiteral("First Light"), QStringLiteral("Key Artist"), QStringLiteral("Keys"), {}, {}, 2020, 1), 3.0)
                .isEmpty());
    QVERIFY(makeTone(album + QStringLiteral("/02 Second.ogg"),
                     toneTags(QStringLiteral("Second"), QStringLiteral("Key Artist"), QStringLiteral("Keys"), {}, {}, 2020, 2), 3.0, 550)
                .isEmpty());

    MainWindow w(data.path());
    QSignalSpy opened(&w, &MainWindow::libraryOpened);
    w.show();
    QVERIFY(opened.wait(10000));
    w.importPaths({music.path()});
    QTRY_COMPARE_WITH_TIMEOUT(w.trackModel()->rowCount(), 2, 20000);
    QTRY_COMPARE_WITH_TIMEOUT(w.trackModel()->trackAt(0).title, QStringLiteral("First Light"), 10000);

    // Nothing queued yet: the play/pause key starts the view, as Space in the window does.
    const QString service = QStringLiteral("org.mpris.MediaPlayer2.eknmusic");
    QString error = QStringLiteral("not called");
    asClient([&](QDBusConnection &bus) { error = callPlayer(bus, service, QStringLiteral("PlayPause")); });
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QTRY_COMPARE_WITH_TIMEOUT(w.player()->state(), Player::State::Playing, 10000);
    QCOMPARE(w.player()->currentTrackId(), w.trackModel()->trackAt(0).id);

    QVariantMap metadata;
    bool canGoNext = false;
    asClient([&](QDBusConnection &bus) {
        metadata = qdbus_cast<QVariantMap>(readProperty(bus, service, kPlayerInterface, QStringLiteral("Metadata")));
        canGoNext = readProperty(bus, service, kPlayerInterface, QStringLiteral("CanGoNext")).toBool();
        error = callPlayer(bus, service, QStringLiteral("Next"));
    });
    QCOMPARE(metadata.value(QStringLiteral("xesam:title")).toString(), QStringLiteral("First Light"));
    QCOMPARE(metadata.value(QStringLiteral("xesam:artist")).toStringList(), QStringList{QStringLiteral("Key Artist")});
    QCOMPARE(metadata.value(QStringLiteral("xesam:album")).toString(), QStringLiteral("Keys"));
    QVERIFY(canGoNext);
    // The next-track key moves the window's queue on.
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QTRY_COMPARE_WITH_TIMEOUT(w.player()->currentTrackId(), w.trackModel()->trackAt(1).id, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(w.player()->state(), Player::State::Playing, 10000);
    w.player()->stop();
}

void TestMpris::shuffleLoopStatusAndTrackListOverTheBus()
{
    QTemporaryDir dir;
    QList<QueueItem> items;
    for (int i = 0; i < 3; ++i) {
        const QString file = dir.filePath(QStringLiteral("t%1.ogg").arg(i));
        QVERIFY(makeTone(file, {}, 3.0, 400 + 50 * i).isEmpty());
        QueueItem item(QStringLiteral("id%1").arg(i), QUrl::fromLocalFile(file), QStringLiteral("Song %1").arg(i),
                       QStringLiteral("Singer"), QStringLiteral("Record"));
        item.albumArtist = QStringLiteral("Band");
        item.trackNumber = i + 1;
        item.genre = QStringLiteral("Folk");
        items.append(item);
    }
    Player player;
    MprisService mpris(&player);
    QVERIFY(mpris.isRegistered());
    player.setQueue(items, 0);
    QueueItem queued(QStringLiteral("idQ"), QUrl::fromLocalFile(dir.filePath(QStringLiteral("t2.ogg"))), QStringLiteral("Queued Song"));
    player.playNext({queued});
    const QString service = mpris.serviceName();

    const QString watcherName = QStringLiteral("mpris-test-watcher-2");
    QDBusConnection watcherBus = QDBusConnection::connectToBus(QDBusConnection::SessionBus, watcherName);
    PropertiesWatcher watcher;
    QVERIFY(watcherBus.connect(service, kPath, QStringLiteral("org.freedesktop.DBus.Properties"),
                               QStringLiteral("PropertiesChanged"), &watcher,
                               SLOT(onChanged(QString, QVariantMap, QStringList))));
    QVERIFY(watcherBus.connect(service, kPath, kPlayerInterface, QStringLiteral("Seeked"), &watcher, SLOT(onSeeked(qlonglong))));

    // The desktop turns shuffle on and repeat to "Track".
    QString error = QStringLiteral("not called");
    const auto setProperty = [&](QDBusConnection &bus, const QString &name, const QVariant &value) {
        QDBusMessage set = QDBusMessage::createMethodCall(service, kPath, QStringLiteral("org.freedesktop.DBus.Properties"),
                                                          QStringLiteral("Set"));
        set << kPlayerInterface << name << QVariant::fromValue(QDBusVariant(value));
        const QDBusMessage reply = bus.call(set, QDBus::Block, 10000);
        return reply.type() == QDBusMessage::ErrorMessage ? reply.errorMessage() : QString();
    };
    asClient([&](QDBusConnection &bus) {
        error = setProperty(bus, QStringLiteral("Shuffle"), true);
        if (error.isEmpty())
            error = setProperty(bus, QStringLiteral("LoopStatus"), QStringLiteral("Track"));
    });
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(player.shuffle(), ShuffleMode::Tracks);
    QCOMPARE(player.repeat(), RepeatMode::One);

    // The window changes them: the desktop hears it, and reads the same back.
    player.setShuffle(ShuffleMode::Off);
    player.setRepeat(RepeatMode::All);
    QTRY_COMPARE_WITH_TIMEOUT(watcher.changed.value(QStringLiteral("LoopStatus")).toString(), QStringLiteral("Playlist"), 5000);
    QCOMPARE(watcher.changed.value(QStringLiteral("Shuffle")).toBool(), false);
    bool shuffle = true;
    QString loop;
    asClient([&](QDBusConnection &bus) {
        shuffle = readProperty(bus, service, kPlayerInterface, QStringLiteral("Shuffle")).toBool();
        loop = readProperty(bus, service, kPlayerInterface, QStringLiteral("LoopStatus")).toString();
    });
    QVERIFY(!shuffle);
    QCOMPARE(loop, QStringLiteral("Playlist"));

    // The track list: the current item, then the queued one, then the rest, with metadata.
    player.play();
    QTRY_COMPARE_WITH_TIMEOUT(player.state(), Player::State::Playing, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(player.duration() > 2000, 5000);
    const QString trackList = QStringLiteral("org.mpris.MediaPlayer2.TrackList");
    QList<QDBusObjectPath> tracks;
    QList<QVariantMap> metadata;
    bool hasTrackList = false;
    asClient([&](QDBusConnection &bus) {
        hasTrackList = readProperty(bus, service, QStringLiteral("org.mpris.MediaPlayer2"), QStringLiteral("HasTrackList")).toBool();
        tracks = qdbus_cast<QList<QDBusObjectPath>>(readProperty(bus, service, trackList, QStringLiteral("Tracks")));
        QDBusMessage get = QDBusMessage::createMethodCall(service, kPath, trackList, QStringLiteral("GetTracksMetadata"));
        get << QVariant::fromValue(tracks);
        const QDBusMessage reply = bus.call(get, QDBus::Block, 10000);
        if (reply.type() == QDBusMessage::ReplyMessage && !reply.arguments().isEmpty()) {
            const QDBusArgument arg = reply.arguments().at(0).value<QDBusArgument>();
            arg.beginArray();
            while (!arg.atEnd()) {
                QVariantMap m;
                arg >> m;
                metadata.append(m);
            }
            arg.endArray();
        }
    });
    QVERIFY(hasTrackList);
    QCOMPARE(tracks.size(), 4);
    QCOMPARE(metadata.size(), 4);
    QStringList titles;
    for (const QVariantMap &m : std::as_const(metadata))
        titles << m.value(QStringLiteral("xesam:title")).toString();
    QCOMPARE(titles, (QStringList{QStringLiteral("Song 0"), QStringLiteral("Queued Song"), QStringLiteral("Song 1"), QStringLiteral("Song 2")}));
    QCOMPARE(metadata.at(0).value(QStringLiteral("xesam:albumArtist")).toStringList(), QStringList{QStringLiteral("Band")});
    QCOMPARE(metadata.at(0).value(QStringLiteral("xesam:trackNumber")).toInt(), 1);
    QCOMPARE(metadata.at(0).value(QStringLiteral("xesam:genre")).toStringList(), QStringList{QStringLiteral("Folk")});

    // GoTo the last one plays it; a seek from the window is announced as Seeked.
    asClient([&](QDBusConnection &bus) {
        QDBusMessage go = QDBusMessage::createMethodCall(service, kPath, trackList, QStringLiteral("GoTo"));
        go << QVariant::fromValue(tracks.at(3));
        const QDBusMessage reply = bus.call(go, QDBus::Block, 10000);
        error = reply.type() == QDBusMessage::ErrorMessage ? reply.errorMessage() : QString();
    });
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(player.currentTrackId(), QStringLiteral("id2"));
    QTRY_COMPARE_WITH_TIMEOUT(player.state(), Player::State::Playing, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(player.duration() > 2000, 5000);
    player.seek(1200);
    QTRY_VERIFY_WITH_TIMEOUT(!watcher.seeked.isEmpty(), 5000);
    QCOMPARE(watcher.seeked.last(), qlonglong(1200000));
    player.stop();
    QDBusConnection::disconnectFromBus(watcherName);
}

void TestMpris::windowGivesTheCoverAsArtUrl()
{
    QTemporaryDir music, data;
    const QString png = data.filePath(QStringLiteral("art.png"));
    QImage art(300, 300, QImage::Format_RGB32);
    art.fill(Qt::darkGreen);
    QVERIFY(art.save(png));
    ToneTags tags = toneTags(QStringLiteral("Green Song"), QStringLiteral("Gardener"), QStringLiteral("Leaves"),
                             QStringLiteral("Garden Band"), QStringLiteral("Folk"), 2015, 4);
    tags.coverPng = png;
    QVERIFY(makeTone(music.filePath(QStringLiteral("Leaves/04 Green Song.mp3")), tags, 3.0).isEmpty());

    MainWindow w(data.path());
    QSignalSpy opened(&w, &MainWindow::libraryOpened);
    w.show();
    QVERIFY(opened.wait(10000));
    w.importPaths({music.path()});
    QTRY_COMPARE_WITH_TIMEOUT(w.trackModel()->rowCount(), 1, 20000);
    const QString service = QStringLiteral("org.mpris.MediaPlayer2.eknmusic");
    QString error = QStringLiteral("not called");
    asClient([&](QDBusConnection &bus) { error = callPlayer(bus, service, QStringLiteral("Play")); });
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QTRY_COMPARE_WITH_TIMEOUT(w.player()->state(), Player::State::Playing, 10000);

    QVariantMap metadata;
    QTRY_VERIFY_WITH_TIMEOUT(([&] {
                                 asClient([&](QDBusConnection &bus) {
                                     metadata = qdbus_cast<QVariantMap>(readProperty(bus, service, kPlayerInterface, QStringLiteral("Metadata")));
                                 });
                                 return metadata.contains(QStringLiteral("mpris:artUrl"));
                             }()),
                             10000);
    const QUrl artUrl(metadata.value(QStringLiteral("mpris:artUrl")).toString());
    QVERIFY2(artUrl.isLocalFile() && QFile::exists(artUrl.toLocalFile()), qPrintable(artUrl.toString()));
    const QImage cached(artUrl.toLocalFile());
    QVERIFY(!cached.isNull());
    QCOMPARE(cached.pixelColor(cached.width() / 2, cached.height() / 2).green() > 80, true);
    QCOMPARE(metadata.value(QStringLiteral("xesam:albumArtist")).toStringList(), QStringList{QStringLiteral("Garden Band")});
    QCOMPARE(metadata.value(QStringLiteral("xesam:trackNumber")).toInt(), 4);
    QCOMPARE(metadata.value(QStringLiteral("xesam:genre")).toStringList(), QStringList{QStringLiteral("Folk")});
    w.player()->stop();
}
