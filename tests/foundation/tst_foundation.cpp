#include "eknmusic/version.h"
#include "testmain.h"
#include "testsupport.h"

#include <QCoreApplication>
#include <QDir>
#include <QDirIterator>
#include <QHash>
#include <QFile>
#include <QRegularExpression>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace ekn::test;

class TestFoundation : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void cliPrintsTheCMakeVersion()
    {
        const ProcessResult r = runCli({QStringLiteral("--version")});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.out.trimmed(), QStringLiteral("eknmusic-cli " EKN_VERSION_STRING));
    }

    void desktopAppPrintsTheCMakeVersion()
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        const ProcessResult r = runProgram(QStringLiteral(EKN_APP_PATH), {QStringLiteral("--version")}, env);
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains(QStringLiteral(EKN_VERSION_STRING)), qPrintable(r.out));
    }

    void cliRejectsAnUnknownCommandWithUsage()
    {
        const ProcessResult r = runCli({QStringLiteral("no-such-command")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains(QStringLiteral("unknown command 'no-such-command'")));
    }

    // The CMake targets keep core free of widgets; this also catches a stray include.
    void coreIncludesNoWidgetHeader()
    {
        const QRegularExpression widgetInclude(
            QStringLiteral("#\\s*include\\s*[<\"](QtWidgets|QWidget|QMainWindow|QDialog|QApplication|QMessageBox)"));
        QDirIterator it(QStringLiteral(EKN_SOURCE_DIR "/core"), {QStringLiteral("*.h"), QStringLiteral("*.cpp")},
                        QDir::Files, QDirIterator::Subdirectories);
        int files = 0;
        while (it.hasNext()) {
            QFile f(it.next());
            QVERIFY(f.open(QIODevice::ReadOnly));
            ++files;
            QVERIFY2(!widgetInclude.match(QString::fromUtf8(f.readAll())).hasMatch(), qPrintable(f.fileName()));
        }
        QVERIFY(files > 3);
    }

    // SQL lives in core, next to the table it touches; ui/ asks core.
    void uiContainsNoSql()
    {
        const QRegularExpression sql(QStringLiteral("QSqlQuery|\"(SELECT|INSERT|UPDATE|DELETE|CREATE|DROP) "));
        QDirIterator it(QStringLiteral(EKN_SOURCE_DIR "/ui"), {QStringLiteral("*.h"), QStringLiteral("*.cpp")},
                        QDir::Files, QDirIterator::Subdirectories);
        int files = 0;
        while (it.hasNext()) {
            QFile f(it.next());
            QVERIFY(f.open(QIODevice::ReadOnly));
            ++files;
            QVERIFY2(!sql.match(QString::fromUtf8(f.readAll())).hasMatch(), qPrintable(f.fileName()));
        }
        QVERIFY(files > 10);
    }

    // Two branches that each add "the next" schema file must not both ship number N: the
    // library or server would apply one and silently skip the other.
    void schemaVersionsAreUnique()
    {
        for (const char *folder : {"/resources/local-schema", "/migrations/versions"}) {
            const QDir dir(QStringLiteral(EKN_SOURCE_DIR) + QLatin1String(folder));
            QHash<QString, QString> seen; // number -> name (up and down of one version share it)
            const QStringList files = dir.entryList({QStringLiteral("*.sql")}, QDir::Files);
            QVERIFY2(files.size() > 3, folder);
            for (const QString &f : files) {
                const QString number = f.section(QLatin1Char('_'), 0, 0);
                const QString name = f.section(QLatin1Char('.'), 0, 0);
                QVERIFY2(!seen.contains(number) || seen.value(number) == name,
                         qPrintable(f + QLatin1String(" and ") + seen.value(number) + QLatin1String(" share ") + number));
                seen.insert(number, name);
            }
        }
    }

    // The library sits in <data>/EKNMusic, not EKNMusic/EKNMusic; a library an older version
    // left at the doubled path is still the one used (never an empty new one).
    void libraryPathIsNotDoubledAndAnOldOneIsStillFound()
    {
        QTemporaryDir home;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("EKN_DATA_DIR"));
        env.insert(QStringLiteral("HOME"), home.path());
        env.insert(QStringLiteral("XDG_DATA_HOME"), home.filePath(QStringLiteral("data")));
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), home.filePath(QStringLiteral("config")));
        ProcessResult r = runCli({QStringLiteral("folders"), QStringLiteral("list")}, {}, env);
        QCOMPARE(r.exitCode, 0);
        QVERIFY(QFile::exists(home.filePath(QStringLiteral("data/EKNMusic/library.sqlite"))));
        QVERIFY(!QFile::exists(home.filePath(QStringLiteral("data/EKNMusic/EKNMusic"))));

        QTemporaryDir older;
        const QString legacy = older.filePath(QStringLiteral("data/EKNMusic/EKNMusic"));
        QVERIFY(QDir().mkpath(older.filePath(QStringLiteral("music"))));
        r = runCli({QStringLiteral("folders"), QStringLiteral("add"), older.filePath(QStringLiteral("music")),
                    QStringLiteral("--data-dir"), legacy}, {}, env);
        QVERIFY2(QFile::exists(legacy + QStringLiteral("/library.sqlite")), qPrintable(r.err));
        env.insert(QStringLiteral("HOME"), older.path());
        env.insert(QStringLiteral("XDG_DATA_HOME"), older.filePath(QStringLiteral("data")));
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), older.filePath(QStringLiteral("config")));
        r = runCli({QStringLiteral("folders"), QStringLiteral("list")}, {}, env);
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains(older.filePath(QStringLiteral("music"))), qPrintable(r.out + r.err));
        QVERIFY(!QFile::exists(older.filePath(QStringLiteral("data/EKNMusic/library.sqlite"))));
    }

    void testClusterIsReachable()
    {
        TempDatabase db;
        QVERIFY2(db.isValid(), qPrintable(db.error()));
        {
            QSqlDatabase c = db.open(QStringLiteral("foundation-check"));
            QVERIFY(c.isOpen());
            QSqlQuery q(c);
            QVERIFY(q.exec(QStringLiteral("SHOW server_version_num")));
            QVERIFY(q.next());
            QVERIFY2(q.value(0).toInt() >= 150000, qPrintable(q.value(0).toString()));
        }
        QSqlDatabase::removeDatabase(QStringLiteral("foundation-check"));
    }
};

EKN_TEST_MAIN(QCoreApplication, TestFoundation)
#include "tst_foundation.moc"
