// Smart playlists (contents follow the library, the rule syncs) and shared playlists (publish,
// open from another account resolved against its own library, unpublish), on the real server.
#include "account/account.h"
#include "library/library.h"
#include "sync/sync.h"
#include "scannedfiles.h"
#include "syncfixture.h"
#include "testmain.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace ekn;
using namespace ekn::test;

namespace {

// The sizes and lengths of the files these tests add.
const FileNumbers kNumbers{.firstSize = 2001, .firstMtime = 1700000000001, .firstDurationMs = 200001};

QStringList trackIds(const QList<PlaylistEntry> &entries)
{
    QStringList ids;
    for (const PlaylistEntry &e : entries)
        ids << e.track.id;
    return ids;
}

} // namespace

class TestPlaylists : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<SyncServer> m_server;

    std::unique_ptr<Device> device(const QString &name, const QString &email = {}) { return m_server->device(name, email); }

private Q_SLOTS:
    void init()
    {
        m_server = std::make_unique<SyncServer>();
        QVERIFY2(m_server->setUpServer(), qPrintable(m_server->error()));
    }
    void cleanup() { m_server.reset(); }

    void smartPlaylistContentsFollowEditsScansAndDeletes()
    {
        auto a = device(QStringLiteral("a"));
        QVERIFY(a);
        const QStringList ids = a->addTracks(10, QStringLiteral("Song")); // Artist i % 7
        PlaylistStore store(a->library());
        SmartRule rule;
        rule.query = QStringLiteral("artist:\"Artist 1\"");
        const QString smart = store.createSmart(QStringLiteral("Artist one"), rule).value();
        QCOMPARE(trackIds(store.entries(smart).value()), (QStringList{ids[1], ids[8]}));
        QVERIFY(store.playlist(smart).value()->smart);
        QCOMPARE(store.playlist(smart).value()->trackCount, 2);

        TrackStore tracks(a->library());
        TrackEdit e;
        e.artist = QStringLiteral("Artist 1");
        QVERIFY(tracks.updateTrack(ids[2], e));
        QCOMPARE(trackIds(store.entries(smart).value()), (QStringList{ids[1], ids[2], ids[8]}));
        e.artist = QStringLiteral("Someone else");
        QVERIFY(tracks.updateTrack(ids[8], e));
        QVERIFY(tracks.setTrackDeleted(ids[1], true));
        QCOMPARE(trackIds(store.entries(smart).value()), (QStringList{ids[2]}));
        const Result<QStringList> scanned = addFiles(
            a->library(), QStringLiteral("new"),
            {{QStringLiteral("a1:new-0"), QStringLiteral("Fresh"), QStringLiteral("Artist 1"), QStringLiteral("X")}},
            kNumbers);
        QVERIFY2(scanned, qPrintable(scanned.error()));
        QCOMPARE(trackIds(store.entries(smart).value()), (QStringList{ids[2], scanned->at(0)}));

        // Order and limit; a rule that changes is what the playlist shows next.
        rule.query.clear();
        QVERIFY(rule.setOrder(QStringLiteral("title:desc")));
        rule.limit = 3;
        const Status changed = store.setSmartRule(smart, rule);
        QVERIFY2(changed, qPrintable(changed.error()));
        QCOMPARE(trackIds(store.entries(smart).value()), (QStringList{ids[9], ids[8], ids[7]}));
        rule.query = QStringLiteral("added:<7d");
        rule.limit = 0;
        QVERIFY(store.setSmartRule(smart, rule));
        QCOMPARE(store.entries(smart).value().size(), 10); // nine live songs and the fresh one
        rule.query = QStringLiteral("added:>7d");
        QVERIFY(store.setSmartRule(smart, rule));
        QCOMPARE(store.entries(smart).value().size(), 0);

        // Bad rules and entry edits are refused with a sentence; nothing changes.
        SmartRule bad;
        bad.query = QStringLiteral("rating:>=9");
        const Result<QString> badMade = store.createSmart(QStringLiteral("Bad"), bad);
        QVERIFY(!badMade);
        QVERIFY2(badMade.error().contains(QStringLiteral("rating:>=9 is not a rating")), qPrintable(badMade.error()));
        bad.query = QStringLiteral("played:soon");
        const Status badEdit = store.setSmartRule(smart, bad);
        QVERIFY(!badEdit);
        QVERIFY2(badEdit.error().contains(QStringLiteral("played:soon")), qPrintable(badEdit.error()));
        const Result<int> added = store.addTracks(smart, {ids[0]});
        QVERIFY(!added);
        QVERIFY2(added.error().contains(QStringLiteral("smart playlist")), qPrintable(added.error()));
        QCOMPARE(*store.smartRule(smart).value(), rule);
    }

    // The listening columns come with local schema 016 (issue 14's ratings and play counts,
    // branch wt-rate): until that is merged this test skips. The values are written with SQL
    // here as the player would leave them; the rules are what is under test.
    void smartPlaylistFiltersOnRatingPlaysSkipsAndLastPlayed()
    {
        auto a = device(QStringLiteral("a"));
        QVERIFY(a);
        if (a->scalar(QStringLiteral("SELECT count(*) FROM pragma_table_info('music_tracks') "
                                     "WHERE name IN ('rating', 'play_count', 'skip_count', 'last_played')")) != QLatin1String("4"))
            QSKIP("needs local schema 016 (rating, play_count, skip_count, last_played)");
        const QStringList ids = a->addTracks(5, QStringLiteral("Heard"));
        const auto set = [&](int i, const QString &values) {
            return a->scalar(QStringLiteral("UPDATE music_tracks SET %1 WHERE id = '%2' RETURNING 1").arg(values, ids[i]))
                == QLatin1String("1");
        };
        const QString recent = QDateTime::currentDateTimeUtc().addDays(-2).toString(Qt::ISODate);
        const QString old = QDateTime::currentDateTimeUtc().addDays(-90).toString(Qt::ISODate);
        QVERIFY(set(0, QStringLiteral("rating = 10, play_count = 20, skip_count = 0, last_played = '%1'").arg(recent)));
        QVERIFY(set(1, QStringLiteral("rating = 8, play_count = 11, skip_count = 5, last_played = '%1'").arg(old)));
        QVERIFY(set(2, QStringLiteral("rating = 7, play_count = 3, skip_count = 4")));
        PlaylistStore store(a->library());
        const auto tracksOf = [&](const QString &query, const QString &order = {}, int limit = 0) {
            SmartRule rule;
            rule.query = query;
            rule.setOrder(order);
            rule.limit = limit;
            const Result<QList<Track>> r = SmartPlaylist(a->library()).tracks(rule);
            QStringList out;
            for (const Track &t : r ? r.value() : QList<Track>())
                out << t.id;
            return r ? out : QStringList{r.error()};
        };
        QCOMPARE(tracksOf(QStringLiteral("rating:>=4")), (QStringList{ids[0], ids[1]}));
        QCOMPARE(tracksOf(QStringLiteral("rating:3.5")), QStringList{ids[2]});
        QCOMPARE(tracksOf(QStringLiteral("plays:>10"), QStringLiteral("plays:desc")), (QStringList{ids[0], ids[1]}));
        QCOMPARE(tracksOf(QStringLiteral("skipped:>3"), QStringLiteral("title")), (QStringList{ids[1], ids[2]}));
        QCOMPARE(tracksOf(QStringLiteral("played:<30d")), QStringList{ids[0]});
        QCOMPARE(tracksOf(QStringLiteral("played:>30d")).size(), 4); // long ago, or never
        QCOMPARE(tracksOf(QStringLiteral("heard rating:>=4 played:<1w")), QStringList{ids[0]});
        QCOMPARE(tracksOf({}, QStringLiteral("rating:desc"), 2), (QStringList{ids[0], ids[1]}));
        // A play moves a track into the playlist the next time it is read.
        SmartRule often;
        often.query = QStringLiteral("plays:>10");
        const QString smart = store.createSmart(QStringLiteral("Often"), often).value();
        QCOMPARE(store.entries(smart).value().size(), 2);
        QVERIFY(set(3, QStringLiteral("play_count = 12, last_played = '%1'").arg(recent)));
        QCOMPARE(store.entries(smart).value().size(), 3);
    }

    void smartPlaylistSyncsToASecondDeviceAndFollowsItsLibraryThere()
    {
        auto a = device(QStringLiteral("a"));
        auto b = device(QStringLiteral("b"));
        QVERIFY(a && b);
        const QStringList ids = a->addTracks(6, QStringLiteral("Tune"));
        SmartRule rule;
        rule.query = QStringLiteral("tune");
        QVERIFY(rule.setOrder(QStringLiteral("title:desc")));
        rule.limit = 4;
        PlaylistStore pa(a->library());
        const QString smart = pa.createSmart(QStringLiteral("Latest tunes"), rule).value();
        QVERIFY(!smart.isEmpty());
        QVERIFY(a->sync().ok);
        QVERIFY(b->sync().ok);
        PlaylistStore pb(b->library());
        const auto onB = pb.playlist(smart).value();
        QVERIFY(onB);
        QVERIFY(onB->smart);
        QCOMPARE(onB->name, QStringLiteral("Latest tunes"));
        QCOMPARE(*pb.smartRule(smart).value(), rule);
        QCOMPARE(trackIds(pb.entries(smart).value()), (QStringList{ids[5], ids[4], ids[3], ids[2]}));
        // B edits a track and the rule; A's copy of the rule follows, and A's contents follow
        // the edited track.
        TrackEdit e;
        e.title = QStringLiteral("Tune 9 (live)");
        QVERIFY(TrackStore(b->library()).updateTrack(ids[0], e));
        rule.limit = 2;
        QVERIFY(pb.setSmartRule(smart, rule));
        QVERIFY(b->sync().ok);
        QVERIFY(a->sync().ok);
        QCOMPARE(*pa.smartRule(smart).value(), rule);
        QCOMPARE(trackIds(pa.entries(smart).value()), (QStringList{ids[0], ids[5]}));
        QCOMPARE(m_server->adminValue(QStringLiteral("SELECT count(*) FROM playlist_tracks "
                                                     "WHERE playlist_id = '%1'").arg(smart)).toInt(),
                 0); // only the rule travels
    }

    void publishedPlaylistOpensForAnotherAccountResolvedAgainstItsOwnLibrary()
    {
        const QString other = QStringLiteral("friend@example.org");
        QVERIFY(m_server->registerUser(other));
        auto owner = device(QStringLiteral("owner"));
        auto friendDevice = device(QStringLiteral("friend"), other);
        QVERIFY(owner && friendDevice);
        const Result<QStringList> added = addFiles(
            owner->library(), QStringLiteral("o"),
            {{QStringLiteral("a1:aaaa"), QStringLiteral("Blue"), QStringLiteral("Nina"), QStringLiteral("Songs")},
             {QStringLiteral("a1:bbbb"), QStringLiteral("Green"), QStringLiteral("Nina"), QStringLiteral("Songs")},
             {QStringLiteral("a1:cccc"), QStringLiteral("Red"), QStringLiteral("Otis"), QStringLiteral("Live")},
             {QStringLiteral("a1:dddd"), QStringLiteral("Private"), QStringLiteral("Me"), QStringLiteral("Demo")}},
            kNumbers);
        QVERIFY2(added, qPrintable(added.error()));
        const QStringList ids = *added;
        PlaylistStore po(owner->library());
        const QString list = po.create(QStringLiteral("Colours")).value();
        QCOMPARE(po.addTracks(list, ids.mid(0, 3)).value(), 3);
        QVERIFY(owner->sync().ok);
        SharedPlaylists ownerShares(owner->library(), owner->account());
        const Result<QString> link = ownerShares.publish(list);
        QVERIFY2(link, qPrintable(link.error()));
        QCOMPARE(link.value(), QStringLiteral("eknmusic://playlist/") + list);
        QVERIFY(po.playlist(list).value()->isPublic);

        // The friend has Blue retagged (same audio), a different recording of Green (same
        // tags, other audio) and no Red.
        const Result<QStringList> friendAdded = addFiles(
            friendDevice->library(), QStringLiteral("f"),
            {{QStringLiteral("a1:aaaa"), QStringLiteral("Blue (2009 remaster)"), QStringLiteral("N. S."), {}},
             {QStringLiteral("a1:zzzz"), QStringLiteral("green"), QStringLiteral("NINA"), QStringLiteral("Other")}},
            kNumbers);
        QVERIFY2(friendAdded, qPrintable(friendAdded.error()));
        const QStringList mine = *friendAdded;
        SharedPlaylists shares(friendDevice->library(), friendDevice->account());
        const Result<SharedPlaylist> opened = shares.open(link.value());
        QVERIFY2(opened, qPrintable(opened.error()));
        const SharedPlaylist &s = opened.value();
        QCOMPARE(s.name, QStringLiteral("Colours"));
        QCOMPARE(s.entries.size(), 3);
        QCOMPARE(s.entries[0].title, QStringLiteral("Blue"));
        QCOMPARE(s.entries[0].trackId, mine[0]);
        QCOMPARE(s.entries[0].match, SharedEntry::Match::AudioHash);
        QCOMPARE(s.entries[1].trackId, mine[1]);
        QCOMPARE(s.entries[1].match, SharedEntry::Match::Tags);
        QCOMPARE(s.entries[2].title, QStringLiteral("Red"));
        QVERIFY(s.entries[2].isMissing());
        QCOMPARE(s.missingCount(), 1);

        // Copied into the friend's account: the tracks it has, in order; it syncs like any.
        const Result<QString> copy = shares.copy(s);
        QVERIFY2(copy, qPrintable(copy.error()));
        PlaylistStore pf(friendDevice->library());
        QCOMPARE(trackIds(pf.entries(copy.value()).value()), (QStringList{mine[0], mine[1]}));
        QVERIFY(friendDevice->sync().ok);
        QCOMPARE(m_server->adminValue(QStringLiteral("SELECT count(*) FROM playlist_tracks "
                                                     "WHERE playlist_id = '%1' AND deleted_at IS NULL")
                                          .arg(copy.value()))
                     .toInt(),
                 2);

        // The friend cannot unpublish (or publish) the owner's playlist; the owner can.
        const Result<bool> theirs = shares.unpublish(list);
        QVERIFY(!theirs);
        QVERIFY2(theirs.error().contains(QStringLiteral("no playlist with id")), qPrintable(theirs.error()));
        QVERIFY(ownerShares.unpublish(list));
        const Result<SharedPlaylist> again = shares.open(list);
        QVERIFY(!again);
        QVERIFY2(again.error().contains(QStringLiteral("no published playlist")), qPrintable(again.error()));
        // The owner's other devices learn it through sync.
        auto second = device(QStringLiteral("owner2"));
        QVERIFY(second && second->sync().ok);
        QVERIFY(!PlaylistStore(second->library()).playlist(list).value()->isPublic);
        QVERIFY(ownerShares.publish(list));
        QVERIFY(second->sync().ok);
        QVERIFY(PlaylistStore(second->library()).playlist(list).value()->isPublic);
    }

    void smartPlaylistIsNotPublishedAndBadLinksAreNamed()
    {
        auto a = device(QStringLiteral("a"));
        QVERIFY(a);
        a->addTracks(2, QStringLiteral("Song"));
        SmartRule rule;
        rule.query = QStringLiteral("song");
        const QString smart = PlaylistStore(a->library()).createSmart(QStringLiteral("S"), rule).value();
        QVERIFY(a->sync().ok);
        SharedPlaylists shares(a->library(), a->account());
        const Result<QString> refused = shares.publish(smart);
        QVERIFY(!refused);
        QVERIFY2(refused.error().contains(QStringLiteral("smart playlist cannot be published")),
                 qPrintable(refused.error()));
        const Result<SharedPlaylist> bad = shares.open(QStringLiteral("https://example.org/x"));
        QVERIFY(!bad);
        QVERIFY2(bad.error().contains(QStringLiteral("is not a playlist link")), qPrintable(bad.error()));
        QCOMPARE(SharedPlaylists::idFromLink(QStringLiteral(" eknmusic://playlist/%1/ ").arg(smart)), smart);
    }

    void cliCreatesSmartPlaylistsAndPublishesOpensAndCopies()
    {
        const QString other = QStringLiteral("cli-friend@example.org");
        QVERIFY(m_server->registerUser(other));
        auto owner = device(QStringLiteral("owner"));
        QVERIFY(owner);
        const QStringList ids = owner->addTracks(4, QStringLiteral("Cli"));
        const QString server = m_server->clientUrl().toString();
        auto cli = [&](const QString &dir, QStringList args) {
            args << QStringLiteral("--data-dir") << dir;
            return runCli(args);
        };
        ProcessResult r = cli(owner->dataDir(), {QStringLiteral("playlist"), QStringLiteral("smart"),
                                                 QStringLiteral("create"), QStringLiteral("Two"),
                                                 QStringLiteral("cli"), QStringLiteral("--order"),
                                                 QStringLiteral("title:desc"), QStringLiteral("--limit"),
                                                 QStringLiteral("2")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QString smart = r.out.trimmed();
        r = cli(owner->dataDir(), {QStringLiteral("playlist"), QStringLiteral("show"), smart, QStringLiteral("--json")});
        const QJsonObject shown = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QCOMPARE(shown.value(QStringLiteral("entries")).toArray().size(), 2);
        QCOMPARE(shown.value(QStringLiteral("entries")).toArray()[0].toObject().value(QStringLiteral("track_id")).toString(),
                 ids[3]);
        r = cli(owner->dataDir(), {QStringLiteral("playlist"), QStringLiteral("smart"), QStringLiteral("create"),
                                   QStringLiteral("X"), QStringLiteral("cli"), QStringLiteral("--order"),
                                   QStringLiteral("loudness")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QStringLiteral("--order loudness is not an order")), qPrintable(r.err));

        r = cli(owner->dataDir(), {QStringLiteral("playlist"), QStringLiteral("create"), QStringLiteral("Plain")});
        const QString plain = r.out.trimmed();
        QCOMPARE(cli(owner->dataDir(), {QStringLiteral("playlist"), QStringLiteral("add"), plain, ids[0], ids[1]}).exitCode, 0);
        QVERIFY(owner->sync().ok);
        // The CLI reads the session from the keychain: the owner signs in through it.
        ProcessResult login = runCli({QStringLiteral("account"), QStringLiteral("login"), QStringLiteral("--server"),
                                      server, QStringLiteral("--email"), m_server->email()},
                                     m_server->password().toUtf8() + '\n');
        QCOMPARE(login.exitCode, 0);
        r = cli(owner->dataDir(), {QStringLiteral("playlist"), QStringLiteral("publish"), plain,
                                   QStringLiteral("--server"), server});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QString link = r.out.trimmed();
        QCOMPARE(link, QStringLiteral("eknmusic://playlist/") + plain);

        login = runCli({QStringLiteral("account"), QStringLiteral("login"), QStringLiteral("--server"), server,
                        QStringLiteral("--email"), other},
                       m_server->password().toUtf8() + '\n');
        QCOMPARE(login.exitCode, 0);
        QTemporaryDir friendDir;
        {
            LibraryDatabase friendLibrary(LibraryDatabase::fileNameIn(friendDir.path()));
            QVERIFY(friendLibrary.open());
            const Result<QStringList> added =
                addFiles(friendLibrary, QStringLiteral("f"),
                         {{QStringLiteral("a1:Cli-1"), QStringLiteral("Whatever"), QStringLiteral("X"), {}}}, kNumbers);
            QVERIFY2(added, qPrintable(added.error()));
        }
        r = cli(friendDir.path(), {QStringLiteral("playlist"), QStringLiteral("open"), link, QStringLiteral("--server"),
                                   server, QStringLiteral("--email"), other, QStringLiteral("--copy")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains(QStringLiteral("0. Artist 0 - Cli 0 (Album 0)  [missing]")), qPrintable(r.out));
        QVERIFY2(r.out.contains(QStringLiteral("1. Artist 1 - Cli 1 (Album 1)  [have: audio]")), qPrintable(r.out));
        QVERIFY2(r.out.contains(QStringLiteral("copied as playlist")), qPrintable(r.out));

        r = cli(owner->dataDir(), {QStringLiteral("playlist"), QStringLiteral("unpublish"), plain,
                                   QStringLiteral("--server"), server, QStringLiteral("--email"), m_server->email()});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        r = cli(friendDir.path(), {QStringLiteral("playlist"), QStringLiteral("open"), link, QStringLiteral("--server"),
                                   server, QStringLiteral("--email"), other});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QStringLiteral("no published playlist")), qPrintable(r.err));
    }
};

EKN_TEST_MAIN(QCoreApplication, TestPlaylists)

#include "tst_playlists.moc"
