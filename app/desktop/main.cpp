#include "eknmusic/version.h"
#include "common/appidentity.h"
#include "library/librarydatabase.h"
#include "mainwindow.h"
#include "singleinstance.h"
#include "translations.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>

#include <cstdio>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    ekn::setApplicationIdentity();
    // The .desktop file's id: Wayland compositors find the window's icon and name by it.
    QGuiApplication::setDesktopFileName(QStringLiteral("org.eknmusic.EKNMusic"));
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
        QApplication::translate("main", "files"),
        QApplication::translate("main", "Audio files to play, playlists to import, folders to add (paths or file:// URIs)."),
        QApplication::translate("main", "[files...]"));
    parser.process(app);

    const QString dir = parser.isSet(dataDir) ? QDir(parser.value(dataDir)).absolutePath()
                                              : ekn::LibraryDatabase::defaultDataDir();
    // One window per library: a second launch (a file manager's "Open With", a double click
    // on a playlist) hands its paths or file:// URIs to the running one and exits.
    ekn::SingleInstance instance(dir);
    QString listenError;
    if (!instance.claim(&listenError)) {
        QString error;
        if (instance.forward(parser.positionalArguments(), 10000, &error))
            return 0;
        std::fprintf(stderr, "%s\n",
                     qPrintable(QApplication::translate("main", "EKNMusic is already running on %1 but did not answer (%2).")
                                    .arg(QDir::toNativeSeparators(dir), error)));
        return 1;
    }
    if (!listenError.isEmpty())
        std::fprintf(stderr, "%s\n",
                     qPrintable(QApplication::translate("main", "Later launches will open a second window: %1").arg(listenError)));

    ekn::MainWindow window(dir);
    QObject::connect(&instance, &ekn::SingleInstance::pathsReceived, &window, &ekn::MainWindow::openPaths);
    window.show();
    const QStringList paths = ekn::SingleInstance::localPaths(parser.positionalArguments(), QDir::currentPath());
    if (!paths.isEmpty())
        window.openPaths(paths);
    return QApplication::exec();
}
