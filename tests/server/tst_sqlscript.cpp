#include "tst_sqlscript.h"

#include "remote/sqlscript.h"

#include <QTest>

using namespace ekn;

namespace {
QStringList texts(const QList<SqlStatement> &statements)
{
    QStringList out;
    for (const SqlStatement &s : statements)
        out << s.text;
    return out;
}
} // namespace

void TestSqlScript::splitsAtSemicolonsAndKeepsLines()
{
    QString error;
    const QList<SqlStatement> s = splitSqlScript(
        QStringLiteral("CREATE TABLE a (id int);\n\n-- why b\nCREATE TABLE b (id int);\nSELECT 1"),
        &error);
    QVERIFY(error.isEmpty());
    QCOMPARE(s.size(), 3);
    QCOMPARE(s.at(0).text, QStringLiteral("CREATE TABLE a (id int)"));
    QCOMPARE(s.at(0).line, 1);
    QCOMPARE(s.at(1).line, 4);
    QCOMPARE(s.at(2).text, QStringLiteral("SELECT 1"));
    QCOMPARE(s.at(2).line, 5);
}

void TestSqlScript::semicolonsInsideQuotesCommentsAndBodiesDoNotSplit()
{
    const QString script = QStringLiteral(
        "INSERT INTO t VALUES ('a;b', 'it''s; fine', E'back\\\\slash\\'; still', \"odd;name\");\n"
        "/* outer /* nested; */ still comment; */ SELECT 2;\n"
        "CREATE FUNCTION f(x int) RETURNS int LANGUAGE plpgsql AS $$\n"
        "BEGIN\n  RETURN x + 1; -- a ; in a body\nEND;\n$$;\n"
        "DO $body$ BEGIN PERFORM 1; END $body$;\n"
        "SELECT $1::int, a$b FROM t;\n");
    QString error;
    const QList<SqlStatement> s = splitSqlScript(script, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(s.size(), 5);
    QVERIFY(s.at(0).text.endsWith(QLatin1String("\"odd;name\")")));
    QVERIFY(s.at(1).text.endsWith(QLatin1String("SELECT 2")));
    QVERIFY(s.at(2).text.startsWith(QLatin1String("CREATE FUNCTION")) &&
            s.at(2).text.endsWith(QLatin1String("END;\n$$")));
    QCOMPARE(s.at(2).line, 3);
    QCOMPARE(s.at(3).text, QStringLiteral("DO $body$ BEGIN PERFORM 1; END $body$"));
    QCOMPARE(s.at(3).line, 8);
    QCOMPARE(s.at(4).text, QStringLiteral("SELECT $1::int, a$b FROM t"));
}

void TestSqlScript::commentOnlyPartsAreDropped()
{
    QString error;
    const QList<SqlStatement> s = splitSqlScript(
        QStringLiteral("-- header\n;\n  ;\nSELECT 1;\n/* trailer */\n-- end\n"), &error);
    QCOMPARE(texts(s), QStringList{QStringLiteral("SELECT 1")});
    QCOMPARE(s.at(0).line, 4);
}

void TestSqlScript::unterminatedQuoteIsReportedWithItsLine()
{
    QString error;
    QVERIFY(
        splitSqlScript(QStringLiteral("SELECT 1;\nSELECT 'oops;\nSELECT 3;"), &error).isEmpty());
    QCOMPARE(error, QStringLiteral("unterminated string starting on line 2"));
    QVERIFY(splitSqlScript(QStringLiteral("CREATE FUNCTION f() AS $$ BEGIN"), &error).isEmpty());
    QCOMPARE(error, QStringLiteral("unterminated dollar-quoted string starting on line 1"));
}
