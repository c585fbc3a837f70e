#pragma once

#include <QProcess>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>
#include <QUrl>

// Helpers shared by the suites. Nothing here fakes a part of the product: PostgreSQL is the
// throwaway cluster from scripts/with-test-services.sh, audio files are made by ffmpeg/sox.
namespace ekn::test {

// The superuser URL of the test cluster (EKN_TEST_PG_URL); empty when not run under
// scripts/with-test-services.sh.
QUrl adminServerUrl();

// A QPSQL connection named `connectionName` to what `url` names (user, password, host, port,
// database), opened; check isOpen()/lastError().
QSqlDatabase openPostgres(const QUrl &url, const QString &connectionName);

// A fresh, empty database on the test cluster, dropped again by the destructor.
class TempDatabase
{
public:
    TempDatabase();
    ~TempDatabase();
    TempDatabase(const TempDatabase &) = delete;
    TempDatabase &operator=(const TempDatabase &) = delete;

    bool isValid() const { return !m_name.isEmpty(); }
    QString error() const { return m_error; }
    QString name() const { return m_name; }
    // Superuser URL to this database.
    QUrl url() const;
    // A QPSQL connection (superuser) to this database, named uniquely.
    QSqlDatabase open(const QString &connectionName) const;

private:
    QString m_name;
    QString m_error;
};

struct ProcessResult
{
    int exitCode = -1;
    QString out;
    QString err;
};

// Runs eknmusic-cli with the given arguments (and optional stdin), waits up to timeoutMs.
ProcessResult runCli(const QStringList &args, const QByteArray &stdinData = {},
                     const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment(),
                     int timeoutMs = 120000);
// Runs any program the same way (pg_dump, ffmpeg, ...).
ProcessResult runProgram(const QString &program, const QStringList &args,
                         const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment(),
                         int timeoutMs = 120000);

// The PostgreSQL server binaries folder (EKN_TEST_PG_BIN, default Debian's).
QString pgBinDir();

} // namespace ekn::test
