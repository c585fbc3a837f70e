#include "clicommand.h"

#include "library/library.h"
#include "scan/scansummary.h"

#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <cstdio>
#ifdef Q_OS_WIN
#include <io.h>
#else
#include <unistd.h>
#endif

namespace ekn::cli {

QTextStream &out()
{
    static QTextStream stream(stdout);
    return stream;
}

QTextStream &err()
{
    static QTextStream stream(stderr);
    return stream;
}

void printJson(const QJsonValue &value)
{
    const QJsonDocument doc =
        value.isArray() ? QJsonDocument(value.toArray()) : QJsonDocument(value.toObject());
    out() << QString::fromUtf8(doc.toJson(QJsonDocument::Indented));
    out().flush();
}

bool stderrIsTerminal()
{
#ifdef Q_OS_WIN
    return _isatty(_fileno(stderr)) != 0;
#else
    return isatty(fileno(stderr)) != 0;
#endif
}

int failWith(const char *command, int code, const QString &message, const QString &hint)
{
    err() << "eknmusic-cli " << command << ": " << message << '\n';
    if (!hint.isEmpty())
        err() << hint << '\n';
    err().flush();
    return code;
}

int reportScanProblems(const char *command, const ScanSummary &summary)
{
    for (const QString &r : std::as_const(summary.absentRoots))
        err() << "folder not found, nothing under it was changed: " << r << '\n';
    for (const QString &r : std::as_const(summary.refusedRoots))
        err() << "not scanned: " << r << '\n';
    if (!summary.writeError.isEmpty())
        err() << "eknmusic-cli " << command << ": " << summary.writeError << '\n';
    err().flush();
    const bool problems = summary.failed > 0 || !summary.absentRoots.isEmpty() || !summary.refusedRoots.isEmpty()
        || !summary.writeError.isEmpty();
    return problems ? ExitFailure : ExitOk;
}

std::optional<int> parseArguments(QCommandLineParser &parser, const QStringList &args,
                                  const char *command, const QString &usageHint)
{
    parser.addHelpOption();
    if (!parser.parse(args))
        return failWith(command, ExitUsage, parser.errorText(), usageHint);
    if (parser.isSet(QStringLiteral("help"))) {
        out() << parser.helpText();
        out().flush();
        return ExitOk;
    }
    return std::nullopt;
}

QCommandLineOption dataDirOption()
{
    return QCommandLineOption(
        QStringLiteral("data-dir"),
        QStringLiteral("Folder of the library file (default: $EKN_DATA_DIR, else the "
                       "user's data folder)."),
        QStringLiteral("DIR"));
}

QCommandLineOption jsonOption()
{
    return QCommandLineOption(QStringLiteral("json"),
                              QStringLiteral("Machine-readable output (app/cli/JSON.md)."));
}

std::unique_ptr<LibraryDatabase> openLibrary(const char *command, const QCommandLineParser &parser)
{
    const QString dir = parser.isSet(QStringLiteral("data-dir"))
                            ? parser.value(QStringLiteral("data-dir"))
                            : LibraryDatabase::defaultDataDir();
    auto db = std::make_unique<LibraryDatabase>(LibraryDatabase::fileNameIn(dir));
    if (const Status opened = db->open(); !opened) {
        failWith(command, ExitFailure, opened.error());
        return nullptr;
    }
    return db;
}

} // namespace ekn::cli
