#include "tst_entrymerge.h"

#include "serverfixture.h"

#include <QSqlQuery>
#include <QTest>

using namespace ekn;
using namespace ekn::test;

namespace {

// Tracks a..f as fixed UUIDs (hex digits), so each case reads as letters: "abc" is a, b, c in that order.
QString uuidOf(QChar letter)
{
    return QStringLiteral("00000000-0000-4000-8000-00000000000") + letter;
}

// "abc" -> '{uuid-a,uuid-b,uuid-c}'::uuid[]; "-" -> NULL (no base: never synced).
QString uuidArray(const QString &letters)
{
    if (letters == QLatin1String("-"))
        return QStringLiteral("NULL::uuid[]");
    QStringList ids;
    for (const QChar c : letters)
        ids << uuidOf(c);
    return QStringLiteral("'{%1}'::uuid[]").arg(ids.join(QLatin1Char(',')));
}

} // namespace

TestEntryMerge::TestEntryMerge() = default;
TestEntryMerge::~TestEntryMerge() = default;

void TestEntryMerge::initTestCase()
{
    const QString failed = openMigrated(m_temp, m_conn);
    QVERIFY2(failed.isEmpty(), qPrintable(failed));
}

void TestEntryMerge::cleanupTestCase()
{
    m_conn.reset();
    m_temp.reset();
}

void TestEntryMerge::mergesEachCase_data()
{
    QTest::addColumn<QString>("mine");   // this device's list, as pushed
    QTest::addColumn<QString>("theirs"); // the server's list now
    QTest::addColumn<QString>("base");   // both lists at this device's last sync ("-": none)
    QTest::addColumn<QString>("merged");

    QTest::newRow("never synced: this device's list as it is") << "cab" << "def" << "-" << "cab";
    QTest::newRow("nobody changed it") << "abc" << "abc" << "abc" << "abc";
    QTest::newRow("reordered here") << "cab" << "abc" << "abc" << "cab";
    QTest::newRow("added elsewhere: at the end") << "abc" << "abcd" << "abc" << "abcd";
    QTest::newRow("added on both: ours, then theirs") << "abce" << "abcd" << "abc" << "abced";
    QTest::newRow("removed elsewhere") << "abc" << "ac" << "abc" << "ac";
    QTest::newRow("removed elsewhere, moved here") << "bac" << "ac" << "abc" << "ac";
    QTest::newRow("removed here, added elsewhere") << "ac" << "abcd" << "abc" << "acd";
    QTest::newRow("removed on both") << "ac" << "ac" << "abc" << "ac";
    QTest::newRow("the same track added on both: once, where it is here") << "adbc" << "abcd" << "abc" << "adbc";
    QTest::newRow("emptied here") << "" << "abc" << "abc" << "";
    QTest::newRow("emptied elsewhere, one added here") << "abce" << "" << "abc" << "e";
    QTest::newRow("synced empty, filled on both") << "ab" << "cd" << "" << "abcd";
    QTest::newRow("reordered elsewhere: this order; push_entries logs the other") << "abc" << "cba" << "abc" << "abc";
}

void TestEntryMerge::mergesEachCase()
{
    QFETCH(QString, mine);
    QFETCH(QString, theirs);
    QFETCH(QString, base);
    QFETCH(QString, merged);
    QSqlQuery q(m_conn->db());
    QVERIFY2(q.exec(QStringLiteral("SELECT array_to_string(app.push_merge_entries(%1, %2, %3), ',')")
                        .arg(uuidArray(mine), uuidArray(theirs), uuidArray(base)))
                 && q.next(),
             qPrintable(q.lastError().text()));
    QStringList letters;
    for (const QString &id : q.value(0).toString().split(QLatin1Char(','), Qt::SkipEmptyParts))
        letters << id.right(1);
    QCOMPARE(letters.join(QString()), merged);
}
