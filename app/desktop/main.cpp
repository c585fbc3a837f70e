#include "eknmusic/version.h"
#include "mainwindow.h"

#include <QApplication>
#include <QCommandLineParser>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral(EKN_APP_NAME));
    QApplication::setOrganizationName(QStringLiteral(EKN_APP_NAME));
    QApplication::setOrganizationDomain(QStringLiteral(EKN_ORG_DOMAIN));
    QApplication::setApplicationVersion(QStringLiteral(EKN_VERSION_STRING));

    QCommandLineParser parser;
    parser.setApplicationDescription(QApplication::translate("main", "EKNMusic music library manager"));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.process(app);

    ekn::MainWindow window;
    window.show();
    return QApplication::exec();
}
