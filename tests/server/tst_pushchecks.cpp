#include "tst_pushchecks.h"

#include "serverfixture.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QSqlQuery>
#include <QTest>
#include <QUuid>

using namespace ekn;
using namespace ekn::test;

namespace {

const QString kToken = QStringLiteral("push-checks-token");
const QString kTrack = QStringLiteral("22222222-2222-4222-8222-222222222222"); // the tag rows' track

QString newId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

QString chars(int n)
{
    return QString(n, QLatin1Char('x'));
}

QString goodTrack(const QString &id)
{
    return QStringLiteral(R"({"kind": 1, "id": "%1", "base": 0, "fields": {"title": "Kept", "artist": "A",
        "album": "B", "duration": 180, "file_url": "file:///m/%1.flac", "file_size": 1000, "format": "flac",
        "bitrate": null, "rating": null, "deleted_at": null,
        "metadata": {"channels": 2, "content_hash": "a1:%1", "sample_rate": 44100}}})")
        .arg(id);
}

QString goodTag(const QString &id)
{
    return QStringLiteral(R"({"kind": 2, "id": "%1", "base": 0, "fields": {"track_id": "%2", "key": "MOOD",
        "value": "calm", "deleted_at": null}})")
        .arg(id, kTrack);
}

// An account (`id`, its email made from it) signed in with `token`, written as the owner.
bool addAccount(QSqlDatabase db, const QString &id, const QString &token, QString *error)
{
    return execScript(db,
                      QStringLiteral("INSERT INTO users (id, email, username, password_hash) VALUES "
                                     "('%1', '%1@example.org', '%1', 'x');\n"
                                     "INSERT INTO user_sessions (user_id, token_hash, expires_at) VALUES "
                                     "('%1', app.token_hash('%2'), now() + interval '1 day');\n")
                          .arg(id, token),
                      error);
}

struct Answer
{
    QString outcome;
    QString reason;
};

// api.push of `batch` (JSON text) as the test's account: id -> outcome and reason.
QHash<QString, Answer> push(QSqlDatabase db, const QString &batch, QString *error)
{
    QSqlQuery q(db);
    QHash<QString, Answer> out;
    if (!q.exec(QStringLiteral("SELECT coalesce(id::text, ''), outcome, coalesce(detail ->> 'reason', '') "
                               "FROM api.push('%1', 2, NULL, 'dddddddd-dddd-4ddd-8ddd-dddddddddddd', $j$%2$j$::jsonb)")
                    .arg(kToken, batch))) {
        *error = q.lastError().text();
        return out;
    }
    while (q.next())
        out.insert(q.value(0).toString(), Answer{q.value(1).toString(), q.value(2).toString()});
    return out;
}

// A random field object of a track (kind 1) or tag row (kind 2): keys of its kind mostly, now
// and then one of the other kind's or one no kind has, each with a value near a boundary of
// some field's test.
QJsonObject randomFields(QRandomGenerator &rng, int kind)
{
    static const QStringList trackKeys = {
        QStringLiteral("title"),    QStringLiteral("artist"),    QStringLiteral("album"),
        QStringLiteral("duration"), QStringLiteral("file_url"),  QStringLiteral("file_size"),
        QStringLiteral("format"),   QStringLiteral("bitrate"),   QStringLiteral("metadata"),
        QStringLiteral("deleted_at"), QStringLiteral("rating")};
    static const QStringList tagKeys = {QStringLiteral("track_id"), QStringLiteral("key"),
                                        QStringLiteral("value"), QStringLiteral("deleted_at")};
    static const QStringList strangers = {QStringLiteral("user_id"), QStringLiteral("sync_version"),
                                          QStringLiteral("Title"), QStringLiteral("id")};
    static const QList<QJsonValue> values = {
        QJsonValue(), true, false, 0, 1, -1, 1.5, 10, 11, 3.5, 180, 2147483647, 2147483648.0,
        9223372036854775807.0, 1e300, QStringLiteral(""), QStringLiteral("x"), QStringLiteral("180"),
        chars(50), chars(51), chars(255), chars(256), chars(500), chars(501),
        QStringLiteral("00000000-0000-4000-8000-00000000000a"),
        QStringLiteral("00000000-0000-4000-8000-00000000000A"), QStringLiteral("not-a-uuid"),
        QStringLiteral("2026-01-01T00:00:00Z"), QJsonObject(), QJsonObject{{QStringLiteral("a"), 1}},
        QJsonArray(), QJsonArray{1}};
    // Mostly a value the field takes (at its limits too), now and then one just past them, so
    // that many rows fail on one field at most and each test's boundary decides.
    using Values = QList<QJsonValue>;
    static const QHash<QString, QPair<Values, Values>> limits = { // field: {taken, refused}
        {QStringLiteral("title"), {{QStringLiteral("Song"), chars(500)}, {chars(501), QJsonValue()}}},
        {QStringLiteral("artist"), {{QStringLiteral("A"), QJsonValue(), chars(500)}, {chars(501), 5}}},
        {QStringLiteral("album"), {{QStringLiteral("B"), QJsonValue(), chars(500)}, {chars(501), true}}},
        {QStringLiteral("duration"), {{180, 1, 2147483647, QJsonValue()}, {0, 1.5, 2147483648.0, QStringLiteral("180")}}},
        {QStringLiteral("bitrate"), {{900, 1, 2147483647, QJsonValue()}, {0, 1.5, 2147483648.0, -1}}},
        {QStringLiteral("file_size"), {{1000, qint64(9223372036854775807LL), QJsonValue()}, {0, 1.5, -1, QStringLiteral("1000")}}},
        {QStringLiteral("file_url"), {{QStringLiteral("file:///m/a.flac")}, {QJsonValue(), 5}}},
        {QStringLiteral("format"), {{QStringLiteral("flac"), chars(50), QJsonValue()}, {chars(51), 5}}},
        {QStringLiteral("metadata"),
         {{QJsonObject(), QJsonObject{{QStringLiteral("content_hash"), QStringLiteral("a1:x")}}},
          {QStringLiteral("x"), QJsonArray{1}}}},
        {QStringLiteral("deleted_at"), {{QJsonValue(), QStringLiteral("2026-01-01T00:00:00Z")}, {5, true}}},
        {QStringLiteral("rating"), {{0, 7, 10, QJsonValue()}, {11, 3.5, QStringLiteral("4"), -1}}},
        // capitals: the full check takes them, the quick test does not (it may refuse more)
        {QStringLiteral("track_id"),
         {{QStringLiteral("00000000-0000-4000-8000-00000000000a"), QStringLiteral("00000000-0000-4000-8000-00000000000A")},
          {QStringLiteral("not-a-uuid"), QStringLiteral("0000000g-0000-4000-8000-00000000000a"), 5}}},
        {QStringLiteral("key"), {{QStringLiteral("MOOD"), chars(255)}, {chars(256), QJsonValue()}}},
        {QStringLiteral("value"), {{QStringLiteral("calm"), QJsonValue()}, {5, QJsonObject()}}}};
    const QStringList &own = kind == 1 ? trackKeys : tagKeys;
    QJsonObject f;
    for (const QString &k : own) {
        if (rng.bounded(10) >= 6)
            continue;
        const int pick = int(rng.bounded(100));
        const Values &from = pick < 80 ? limits[k].first : pick < 92 ? limits[k].second : values;
        f.insert(k, from[rng.bounded(int(from.size()))]);
    }
    const QStringList &other = kind == 1 ? tagKeys : trackKeys;
    if (rng.bounded(10) == 0)
        f.insert(other[rng.bounded(int(other.size()))], values[rng.bounded(int(values.size()))]);
    if (rng.bounded(20) == 0)
        f.insert(strangers[rng.bounded(int(strangers.size()))], values[rng.bounded(int(values.size()))]);
    return f;
}

struct Verdicts
{
    int quickPassed = 0;   // rows the quick test passed
    int fullPassed = 0;    // rows whose every field the full check passed
    int wrongPasses = 0;   // rows the quick test passed and the full check refused
    QString firstWrong;    // one of them, as kind and fields
};

// Both tests over `rows` (kind, fields), in one statement; `quick` names the quick test.
Verdicts judge(QSqlDatabase db, const QJsonArray &rows, const QString &quick, QString *error)
{
    QSqlQuery q(db);
    Verdicts v;
    const QString sql = QStringLiteral(R"sql(
        SELECT count(*) FILTER (WHERE quick), count(*) FILTER (WHERE reason IS NULL),
               count(*) FILTER (WHERE quick AND reason IS NOT NULL),
               min(r::text) FILTER (WHERE quick AND reason IS NOT NULL)
          FROM (SELECT r, %1((r ->> 'kind')::int, r -> 'fields') AS quick,
                       (SELECT min(app.push_field_invalid((r ->> 'kind')::int, e.key, e.value))
                          FROM jsonb_each(r -> 'fields') e) AS reason
                  FROM jsonb_array_elements($j$%2$j$::jsonb) r) x)sql")
                            .arg(quick, QString::fromUtf8(QJsonDocument(rows).toJson(QJsonDocument::Compact)));
    if (!q.exec(sql) || !q.next()) {
        *error = q.lastError().text();
        return v;
    }
    v.quickPassed = q.value(0).toInt();
    v.fullPassed = q.value(1).toInt();
    v.wrongPasses = q.value(2).toInt();
    v.firstWrong = q.value(3).toString();
    return v;
}

} // namespace

TestPushChecks::TestPushChecks() = default;
TestPushChecks::~TestPushChecks() = default;

void TestPushChecks::initTestCase()
{
    const QString failed = openMigrated(m_temp, m_conn);
    QVERIFY2(failed.isEmpty(), qPrintable(failed));
    QString error;
    QVERIFY2(addAccount(m_conn->db(), QStringLiteral("11111111-1111-4111-8111-111111111111"), kToken, &error),
             qPrintable(error));
    const QHash<QString, Answer> track = push(m_conn->db(), QLatin1Char('[') + goodTrack(kTrack) + QLatin1Char(']'), &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(track.value(kTrack).outcome, QStringLiteral("stored"));
}

void TestPushChecks::cleanupTestCase()
{
    m_conn.reset();
    m_temp.reset();
}

void TestPushChecks::refusesEachBadFieldByNameAndStoresTheRest_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("fields"); // the row's fields, JSON
    QTest::addColumn<QString>("reason"); // empty: stored

    const QString t = QStringLiteral(R"("title": "T", "file_url": "file:///t.flac", )");
    auto track = [&t](const char *name, const QString &field, const QString &reason) {
        QTest::newRow(name) << 1 << QStringLiteral("{%1%2}").arg(t, field) << reason;
    };
    const QString whole = QStringLiteral("%1 must be a whole number above 0");
    QTest::newRow("title a number") << 1 << QStringLiteral(R"({"title": 7, "file_url": "f"})") << "title must be text";
    QTest::newRow("title null") << 1 << QStringLiteral(R"({"title": null, "file_url": "f"})") << "title must be text";
    QTest::newRow("title of 501 characters")
        << 1 << QStringLiteral(R"({"title": "%1", "file_url": "f"})").arg(chars(501))
        << "title is too long (more than 500 characters)";
    QTest::newRow("title of 500 characters: stored")
        << 1 << QStringLiteral(R"({"title": "%1", "file_url": "f"})").arg(chars(500)) << "";
    QTest::newRow("no title") << 1 << QStringLiteral(R"({"file_url": "f"})") << "a new row needs title";
    QTest::newRow("no file_url") << 1 << QStringLiteral(R"({"title": "T"})") << "a new row needs file_url";
    QTest::newRow("file_url null") << 1 << QStringLiteral(R"({"title": "T", "file_url": null})") << "file_url must be text";
    track("artist a number", QStringLiteral(R"("artist": 5)"), QStringLiteral("artist must be text"));
    track("artist null: stored", QStringLiteral(R"("artist": null)"), QString());
    track("artist of 501 characters", QStringLiteral(R"("artist": "%1")").arg(chars(501)),
          QStringLiteral("artist is too long (more than 500 characters)"));
    track("album true", QStringLiteral(R"("album": true)"), QStringLiteral("album must be text"));
    track("format of 51 characters", QStringLiteral(R"("format": "%1")").arg(chars(51)),
          QStringLiteral("format is too long (more than 50 characters)"));
    track("format of 50 characters: stored", QStringLiteral(R"("format": "%1")").arg(chars(50)), QString());
    track("duration 0", QStringLiteral(R"("duration": 0)"), whole.arg(QLatin1String("duration")));
    track("duration -3", QStringLiteral(R"("duration": -3)"), whole.arg(QLatin1String("duration")));
    track("duration 1.5", QStringLiteral(R"("duration": 1.5)"), whole.arg(QLatin1String("duration")));
    track("duration 180.0 (the whole call failed in the insert before 033)", QStringLiteral(R"("duration": 180.0)"),
          whole.arg(QLatin1String("duration")));
    track("duration as text", QStringLiteral(R"("duration": "180")"), whole.arg(QLatin1String("duration")));
    track("duration above an int", QStringLiteral(R"("duration": 2147483648)"), whole.arg(QLatin1String("duration")));
    track("duration at the most: stored", QStringLiteral(R"("duration": 2147483647)"), QString());
    track("duration null: stored", QStringLiteral(R"("duration": null)"), QString());
    track("bitrate 0", QStringLiteral(R"("bitrate": 0)"), whole.arg(QLatin1String("bitrate")));
    track("file_size 0", QStringLiteral(R"("file_size": 0)"), whole.arg(QLatin1String("file_size")));
    track("file_size above a bigint", QStringLiteral(R"("file_size": 9223372036854775808)"),
          whole.arg(QLatin1String("file_size")));
    track("file_size at the most: stored", QStringLiteral(R"("file_size": 9223372036854775807)"), QString());
    const QString stars = QStringLiteral("rating must be a whole number of half stars from 0 to 10, or null");
    track("rating 11", QStringLiteral(R"("rating": 11)"), stars);
    track("rating 3.5", QStringLiteral(R"("rating": 3.5)"), stars);
    track("rating as text", QStringLiteral(R"("rating": "4")"), stars);
    track("rating 10: stored", QStringLiteral(R"("rating": 10)"), QString());
    track("metadata text", QStringLiteral(R"("metadata": "x")"), QStringLiteral("metadata must be a JSON object"));
    track("metadata a list", QStringLiteral(R"("metadata": [1])"), QStringLiteral("metadata must be a JSON object"));
    track("deleted_at a number", QStringLiteral(R"("deleted_at": 5)"),
          QStringLiteral("deleted_at must be a timestamp or null"));
    track("deleted_at no time", QStringLiteral(R"("deleted_at": "not a time")"),
          QStringLiteral("deleted_at is not a timestamp"));
    track("another account's user_id", QStringLiteral(R"("user_id": "11111111-1111-4111-8111-111111111112")"),
          QStringLiteral("user_id is not a field this API accepts here"));
    track("its own sync_version", QStringLiteral(R"("sync_version": 1)"),
          QStringLiteral("sync_version is not a field this API accepts here"));
    track("a tag row's field", QStringLiteral(R"("key": "MOOD")"), QStringLiteral("key is not a field this API accepts here"));

    const QString tag = QStringLiteral(R"("track_id": "%1", )").arg(kTrack);
    auto tagRow = [&tag](const char *name, const QString &fields, const QString &reason) {
        QTest::newRow(name) << 2 << QStringLiteral("{%1%2}").arg(tag, fields) << reason;
    };
    QTest::newRow("tag: track_id a number") << 2 << QStringLiteral(R"({"track_id": 5, "key": "K"})") << "track_id must be text";
    QTest::newRow("tag: track_id no UUID") << 2 << QStringLiteral(R"({"track_id": "not-a-uuid", "key": "K"})")
                                           << "track_id is not a UUID";
    QTest::newRow("tag: track_id in capitals: stored")
        << 2 << QStringLiteral(R"({"track_id": "%1", "key": "K"})").arg(kTrack.toUpper()) << "";
    QTest::newRow("tag: no key") << 2 << QStringLiteral(R"({"track_id": "%1"})").arg(kTrack) << "a new row needs key";
    tagRow("tag: key null", QStringLiteral(R"("key": null)"), QStringLiteral("key must be text"));
    tagRow("tag: key of 256 characters", QStringLiteral(R"("key": "%1")").arg(chars(256)),
           QStringLiteral("key is too long (more than 255 characters)"));
    tagRow("tag: key of 255 characters: stored", QStringLiteral(R"("key": "%1")").arg(chars(255)), QString());
    tagRow("tag: value a number", QStringLiteral(R"("key": "K", "value": 5)"), QStringLiteral("value must be text"));
    tagRow("tag: value null: stored", QStringLiteral(R"("key": "K", "value": null)"), QString());
    tagRow("tag: a track's field", QStringLiteral(R"("key": "K", "title": "T")"),
           QStringLiteral("title is not a field this API accepts here"));
    tagRow("tag: another account's user_id", QStringLiteral(R"("key": "K", "user_id": "11111111-1111-4111-8111-111111111112")"),
           QStringLiteral("user_id is not a field this API accepts here"));
    QTest::newRow("tag: a track the account lacks")
        << 2 << QStringLiteral(R"({"track_id": "33333333-3333-4333-8333-333333333333", "key": "K"})")
        << "its track is not on the server in this account";
}

// The row goes in a batch with a good track and a good tag row, as a client sends them: they
// are stored, the row is refused by name (or stored), and a refused row leaves nothing behind.
void TestPushChecks::refusesEachBadFieldByNameAndStoresTheRest()
{
    QFETCH(int, kind);
    QFETCH(QString, fields);
    QFETCH(QString, reason);
    const QString trackId = newId(), tagId = newId(), rowId = newId();
    const QString batch = QStringLiteral(R"([%1, %2, {"kind": %3, "id": "%4", "base": 0, "fields": %5}])")
                              .arg(goodTrack(trackId), goodTag(tagId))
                              .arg(kind)
                              .arg(rowId, fields);
    QString error;
    const QHash<QString, Answer> answers = push(m_conn->db(), batch, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(answers.size(), 3);
    QCOMPARE(answers.value(trackId).outcome, QStringLiteral("stored"));
    QCOMPARE(answers.value(tagId).outcome, QStringLiteral("stored"));
    QCOMPARE(answers.value(rowId).reason, reason);
    QCOMPARE(answers.value(rowId).outcome, reason.isEmpty() ? QStringLiteral("stored") : QStringLiteral("refused"));
    const QString table = kind == 1 ? QStringLiteral("music_tracks") : QStringLiteral("track_metadata");
    QCOMPARE(scalar(m_conn->db(), QStringLiteral("SELECT count(*) FROM %1 WHERE id = '%2'").arg(table, rowId)).toInt(),
             reason.isEmpty() ? 1 : 0);
}

// A batch with an id that is no UUID, or a UUID written otherwise than the canonical way, or
// one id twice, leaves the quick path (033 casts each id, 032 matched a pattern) and is
// answered as before: capitals are the same id, braces, no hyphens or no UUID at all are
// malformed (answered without an id), the second of two rows with one id is refused. Every
// other row of the batch is stored.
void TestPushChecks::idsWrittenOtherwiseAreAnsweredAsBefore()
{
    const QString good = newId(), capitals = newId(), braces = newId(), bare = newId(), twice = newId();
    const QString batch = QStringLiteral("[%1, %2, %3, %4, %5, %6, %7]")
                              .arg(goodTrack(good), goodTrack(capitals.toUpper()),
                                   goodTrack(QLatin1Char('{') + braces + QLatin1Char('}')),
                                   goodTrack(QString(bare).remove(QLatin1Char('-'))), goodTrack(QStringLiteral("nope")),
                                   goodTag(twice), goodTag(twice));
    QSqlQuery q(m_conn->db());
    QVERIFY2(q.exec(QStringLiteral("SELECT coalesce(id::text, '-'), outcome, coalesce(detail ->> 'reason', '') "
                                   "FROM api.push('%1', 2, NULL, 'dddddddd-dddd-4ddd-8ddd-dddddddddddd', $j$%2$j$::jsonb)")
                        .arg(kToken, batch)),
             qPrintable(q.lastError().text()));
    QStringList answers;
    while (q.next())
        answers << QStringLiteral("%1 %2 %3").arg(q.value(0).toString(), q.value(1).toString(), q.value(2).toString());
    const QString malformed = QStringLiteral("- refused malformed row: it needs kind 1-3, a UUID id, a base version and fields");
    QCOMPARE(answers.count(malformed), 3); // braces, no hyphens, "nope"
    QVERIFY2(answers.contains(good + QStringLiteral(" stored ")), qPrintable(answers.join(QLatin1Char('\n'))));
    QVERIFY2(answers.contains(capitals + QStringLiteral(" stored ")), qPrintable(answers.join(QLatin1Char('\n'))));
    QVERIFY2(answers.contains(twice + QStringLiteral(" stored ")), qPrintable(answers.join(QLatin1Char('\n'))));
    QVERIFY2(answers.contains(twice + QStringLiteral(" refused this id is sent twice in one batch")),
             qPrintable(answers.join(QLatin1Char('\n'))));
    QCOMPARE(answers.size(), 7);
    QCOMPARE(scalar(m_conn->db(), QStringLiteral("SELECT count(*) FROM music_tracks WHERE id IN ('%1', '%2', '%3')")
                                      .arg(good, capitals, braces))
                 .toInt(),
             2);
}

// Rows not inserted although new to this account: an id another account holds is refused by
// name (RLS hides that row, its key does not), and the rest of the batch is stored with the
// version of this push. Tag rows whose tracks the account lacks are refused and move the
// account's sync counter no more than a batch that stores nothing; a tag row that is stored
// moves it once.
void TestPushChecks::rowsNotInsertedAreNamedAndMoveNoCounter()
{
    QString error;
    const QString other = QStringLiteral("other-account-token");
    QVERIFY2(addAccount(m_conn->db(), QStringLiteral("11111111-1111-4111-8111-111111111112"), other, &error),
             qPrintable(error));
    const QString theirs = newId();
    QSqlQuery q(m_conn->db());
    QVERIFY2(q.exec(QStringLiteral("SELECT outcome FROM api.push('%1', 2, NULL, 'eeeeeeee-eeee-4eee-8eee-eeeeeeeeeeee', "
                                   "$j$[%2]$j$::jsonb)")
                        .arg(other, goodTrack(theirs)))
                 && q.next(),
             qPrintable(q.lastError().text()));
    QCOMPARE(q.value(0).toString(), QStringLiteral("stored"));

    const QString mine = newId(), tag = newId();
    QHash<QString, Answer> answers =
        push(m_conn->db(), QStringLiteral("[%1, %2, %3]").arg(goodTrack(mine), goodTrack(theirs), goodTag(tag)), &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(answers.value(mine).outcome, QStringLiteral("stored"));
    QCOMPARE(answers.value(tag).outcome, QStringLiteral("stored"));
    QCOMPARE(answers.value(theirs).outcome, QStringLiteral("refused"));
    QCOMPARE(answers.value(theirs).reason, QStringLiteral("this track id belongs to another account"));

    const QString counter = QStringLiteral("SELECT version FROM user_sync_state "
                                           "WHERE user_id = '11111111-1111-4111-8111-111111111111'");
    const qint64 before = scalar(m_conn->db(), counter, &error).toLongLong();
    QVERIFY2(error.isEmpty(), qPrintable(error));
    const QString lacking = QStringLiteral(R"({"kind": 2, "id": "%1", "base": 0, "fields": {"track_id": "%2", "key": "K"}})");
    const QString a = newId(), b = newId();
    answers = push(m_conn->db(),
                   QStringLiteral("[%1, %2]").arg(lacking.arg(a, newId()), lacking.arg(b, newId())), &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(answers.value(a).reason, QStringLiteral("its track is not on the server in this account"));
    QCOMPARE(answers.value(b).outcome, QStringLiteral("refused"));
    QCOMPARE(scalar(m_conn->db(), counter).toLongLong(), before);
    // Control: the same batch with one tag row whose track is here stores it, in one version.
    const QString c = newId();
    answers = push(m_conn->db(), QStringLiteral("[%1, %2]").arg(lacking.arg(a, newId()), goodTag(c)), &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(answers.value(a).outcome, QStringLiteral("refused"));
    QCOMPARE(answers.value(c).outcome, QStringLiteral("stored"));
    QCOMPARE(scalar(m_conn->db(), counter).toLongLong(), before + 1);
    QCOMPARE(scalar(m_conn->db(), QStringLiteral("SELECT sync_version FROM track_metadata WHERE id = '%1'").arg(c)).toLongLong(),
             before + 1);
}

// 033 inserts tag rows in a subtransaction whose handler catches a taken id or a missing
// track. A transient error there (another writer holds the row's track: the foreign key's
// lock waits past api.push's lock_timeout) is not one of those: the whole call fails with it,
// nothing is stored, and the same push stores the row once the writer is gone (the control).
void TestPushChecks::aTransientErrorInTheInsertFailsTheCallAndStoresNothing()
{
    const QString tag = newId();
    const QString batch = QLatin1Char('[') + goodTag(tag) + QLatin1Char(']');
    {
        const QString name = QStringLiteral("push-checks-writer");
        QSqlDatabase writer = m_temp->open(name);
        QString error;
        QVERIFY2(exec(writer, QStringLiteral("BEGIN"), &error), qPrintable(error));
        QVERIFY2(exec(writer, QStringLiteral("SELECT 1 FROM music_tracks WHERE id = '%1' FOR UPDATE").arg(kTrack), &error),
                 qPrintable(error));
        push(m_conn->db(), batch, &error);
        QVERIFY2(error.contains(QLatin1String("lock timeout")), qPrintable(error));
        QCOMPARE(scalar(m_conn->db(), QStringLiteral("SELECT count(*) FROM track_metadata WHERE id = '%1'").arg(tag)).toInt(), 0);
        QVERIFY2(exec(writer, QStringLiteral("ROLLBACK"), &error), qPrintable(error));
        writer.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("push-checks-writer"));
    QString error;
    const QHash<QString, Answer> answers = push(m_conn->db(), batch, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(answers.value(tag).outcome, QStringLiteral("stored"));
}

// Seeded random rows near every field's boundaries: the quick test never passes a row the full
// check refuses (else a bad value would be stored unchecked), and it passes a client's rows
// (else the quick path would never be taken). Its control: the quick test with one of its
// tests taken out passes rows the full check refuses, so the rows reach those boundaries.
void TestPushChecks::theQuickFieldTestNeverPassesWhatTheFullCheckRefuses()
{
    bool given = false;
    const quint32 asked = qEnvironmentVariable("EKN_TEST_SEED").toUInt(&given);
    const quint32 seed = given ? asked : QRandomGenerator::global()->generate();
    QRandomGenerator rng(seed);
    QJsonArray rows;
    for (int i = 0; i < 4000; ++i) {
        const int kind = 1 + int(rng.bounded(2));
        rows.append(QJsonObject{{QStringLiteral("kind"), kind}, {QStringLiteral("fields"), randomFields(rng, kind)}});
    }
    QString error;
    const Verdicts v = judge(m_conn->db(), rows, QStringLiteral("app.push_fields_surely_valid"), &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    qInfo("seed %u (EKN_TEST_SEED=%u repeats it): %d of %d rows pass the quick test, %d the full check",
          seed, seed, v.quickPassed, int(rows.size()), v.fullPassed);
    QVERIFY2(v.wrongPasses == 0, qPrintable(QStringLiteral("seed %1: %2 rows passed the quick test that the full "
                                                            "check refuses, such as %3")
                                                 .arg(seed)
                                                 .arg(v.wrongPasses)
                                                 .arg(v.firstWrong)));
    QVERIFY2(v.quickPassed > 0, qPrintable(QStringLiteral("seed %1: no row passed the quick test").arg(seed)));

    // A client's rows, as SyncPush writes them.
    QJsonArray client;
    for (const QString &row : {goodTrack(newId()), goodTag(newId())})
        client.append(QJsonDocument::fromJson(row.toUtf8()).object());
    const Verdicts c = judge(m_conn->db(), client, QStringLiteral("app.push_fields_surely_valid"), &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(c.quickPassed, 2);

    // Controls: one test taken out at a time.
    const QString def = scalar(m_conn->db(), QStringLiteral("SELECT pg_get_functiondef('app.push_fields_surely_valid(int, jsonb)'::regprocedure)"), &error).toString();
    QVERIFY2(!def.isEmpty(), qPrintable(error));
    const QList<QPair<QString, QString>> removals = {
        {QStringLiteral("length(f ->> 'title') <= 500"), QStringLiteral("true")},
        {QStringLiteral("scale((f -> 'duration')::numeric) = 0"), QStringLiteral("true")},
        {QStringLiteral("translate(f ->> 'track_id', '0123456789abcdef', '') = '----'"), QStringLiteral("true")},
        {QStringLiteral("(f - ARRAY['track_id', 'key', 'value', 'deleted_at']) = '{}'::jsonb"), QStringLiteral("true")}};
    for (const auto &[test, with] : removals) {
        QVERIFY2(def.contains(test), qPrintable(test));
        QString lax = QString(def).replace(test, with);
        lax.replace(QStringLiteral("app.push_fields_surely_valid"), QStringLiteral("pg_temp.lax"));
        QVERIFY2(exec(m_conn->db(), lax, &error), qPrintable(error));
        const Verdicts l = judge(m_conn->db(), rows, QStringLiteral("pg_temp.lax"), &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        qInfo("control without %s: %d rows pass the quick test that the full check refuses", qPrintable(test),
              l.wrongPasses);
        QVERIFY2(l.wrongPasses > 0, qPrintable(QStringLiteral("seed %1: without %2 the quick test still refused "
                                                               "every row the full check refuses")
                                                    .arg(seed)
                                                    .arg(test)));
    }
}
