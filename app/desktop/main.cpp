#include "eknmusic/version.h"
#include "mainwindow.h"
#include "translations.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral(EKN_APP_NAME));
    QApplication::setOrganizationName(QStringLiteral(EKN_APP_NAME));
    QApplication::setOrganizationDomain(QStringLiteral(EKN_ORG_DOMAIN));
    QApplication::setApplicationVersion(QStringLiteral(EKN_VERSION_STRING));
    QApplication::setApplicationDisplayName(QStringLiteral(EKN_APP_NAME));
    // Before the command line (its --help is translated too) and before any widget.
    ekn::Translations::install(app);

    QCommandLineParser parser;
    parser.setApplicationDescription(QApplication::translate("main", "EKNMusic music library manager"));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption dataDir(QStringLiteral("data-dir"),
                                     QApplication::translate("main", "Keep the library in <dir> instead of the user's data folder."),
                                     QApplication::translate("main", "dir"));
    parser.addOption(dataDir);
    parser.addPositionalArgument(
        QApplication::translate("main", "paths"),
        QApplication::translate("main", "Folders or files to import on start."),
        QApplication::translate("main", "[paths...]"));
    parser.process(app);

    ekn::MainWindow window(parser.isSet(dataDir) ? QDir(parser.value(dataDir)).absolutePath() : QString());
    window.show();
    QStringList paths;
    const QStringList args = parser.positionalArguments();
    for (const QString &p : args)
        paths << QDir(p).absolutePath();
    if (!paths.isEmpty())
        window.importPaths(paths);
    return QApplication::exec();
}
