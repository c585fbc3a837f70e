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
    const QList<SqlStatement> s = splitSqlScript(
        QStringLiteral("CREATE TABLE a (id int);\n\n-- why b\nCREATE TABLE b (id int);\nSELECT 1")).value();
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
    const Result<QList<SqlStatement>> split = splitSqlScript(script);
    QVERIFY2(split, qPrintable(split.error()));
    const QList<SqlStatement> &s = *split;
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
    const QList<SqlStatement> s = splitSqlScript(
        QStringLiteral("-- header\n;\n  ;\nSELECT 1;\n/* trailer */\n-- end\n")).value();
    QCOMPARE(texts(s), QStringList{QStringLiteral("SELECT 1")});
    QCOMPARE(s.at(0).line, 4);
}

void TestSqlScript::unterminatedQuoteIsReportedWithItsLine()
{
    const Result<QList<SqlStatement>> quote = splitSqlScript(QStringLiteral("SELECT 1;\nSELECT 'oops;\nSELECT 3;"));
    QVERIFY(!quote);
    QCOMPARE(quote.error(), QStringLiteral("unterminated string starting on line 2"));
    const Result<QList<SqlStatement>> body = splitSqlScript(QStringLiteral("CREATE FUNCTION f() AS $$ BEGIN"));
    QVERIFY(!body);
    QCOMPARE(body.error(), QStringLiteral("unterminated dollar-quoted string starting on line 1"));
}

// One row per lexical case: the statements (joined by " | ") and the line of each.
void TestSqlScript::splitsEachCase_data()
{
    QTest::addColumn<QString>("script");
    QTest::addColumn<QString>("statements");
    QTest::addColumn<QList<int>>("lines");
    QTest::addColumn<QString>("error");
    const QList<int> none;
    QTest::newRow("empty") << QString() << QString() << none << QString();
    QTest::newRow("blanks only") << QStringLiteral(" \n\t;;\n") << QString() << none << QString();
    QTest::newRow("no final semicolon") << QStringLiteral("SELECT 1") << QStringLiteral("SELECT 1")
                                        << QList<int>{1} << QString();
    QTest::newRow("line comment hides ;") << QStringLiteral("SELECT 1 -- ; no\n;SELECT 2")
                                          << QStringLiteral("SELECT 1 -- ; no | SELECT 2")
                                          << QList<int>{1, 2} << QString();
    QTest::newRow("comment above sets line") << QStringLiteral("\n-- a\n/* b\n*/\nSELECT 1;")
                                             << QStringLiteral("-- a\n/* b\n*/\nSELECT 1")
                                             << QList<int>{5} << QString();
    QTest::newRow("doubled quote") << QStringLiteral("SELECT 'a'';b';SELECT 2")
                                   << QStringLiteral("SELECT 'a'';b' | SELECT 2") << QList<int>{1, 1}
                                   << QString();
    QTest::newRow("E string escaped quote") << QStringLiteral("SELECT e'a\\';b';SELECT 2")
                                            << QStringLiteral("SELECT e'a\\';b' | SELECT 2")
                                            << QList<int>{1, 1} << QString();
    QTest::newRow("identifier ending in e is no E string")
        << QStringLiteral("SELECT some'a\\';SELECT 2") << QStringLiteral("SELECT some'a\\' | SELECT 2")
        << QList<int>{1, 1} << QString();
    QTest::newRow("quoted identifier") << QStringLiteral("SELECT \"a;\"\"b\";")
                                       << QStringLiteral("SELECT \"a;\"\"b\"") << QList<int>{1}
                                       << QString();
    QTest::newRow("newline inside string counts") << QStringLiteral("SELECT 'a\nb';\nSELECT 2")
                                                  << QStringLiteral("SELECT 'a\nb' | SELECT 2")
                                                  << QList<int>{1, 3} << QString();
    QTest::newRow("tagged body with inner $$") << QStringLiteral("DO $x$ SELECT $$;$$; $x$;SELECT 1")
                                               << QStringLiteral("DO $x$ SELECT $$;$$; $x$ | SELECT 1")
                                               << QList<int>{1, 1} << QString();
    QTest::newRow("parameter is no tag") << QStringLiteral("SELECT $1;SELECT $2")
                                         << QStringLiteral("SELECT $1 | SELECT $2") << QList<int>{1, 1}
                                         << QString();
    QTest::newRow("unterminated comment") << QStringLiteral("SELECT 1;\n\n/* open") << QString()
                                          << none
                                          << QStringLiteral("unterminated /* comment starting on line 3");
    QTest::newRow("unterminated identifier") << QStringLiteral("SELECT \"x") << QString() << none
                                             << QStringLiteral(
                                                    "unterminated quoted identifier starting on line 1");
}

void TestSqlScript::splitsEachCase()
{
    QFETCH(QString, script);
    QFETCH(QString, statements);
    QFETCH(QList<int>, lines);
    QFETCH(QString, error);
    const Result<QList<SqlStatement>> split = splitSqlScript(script);
    QCOMPARE(split ? QString() : split.error(), error);
    const QList<SqlStatement> s = split ? *split : QList<SqlStatement>();
    QCOMPARE(texts(s).join(QLatin1String(" | ")), statements);
    QList<int> gotLines;
    for (const SqlStatement &st : s)
        gotLines << st.line;
    QCOMPARE(gotLines, lines);
}
