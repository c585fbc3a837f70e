#include "common/appidentity.h"

#include "common/logging.h"
#include "eknmusic/version.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSettings>
#include <QStandardPaths>

namespace ekn {

void setApplicationIdentity()
{
    QCoreApplication::setApplicationName(QStringLiteral(EKN_APP_NAME));
    QCoreApplication::setOrganizationName(QString());
    QCoreApplication::setOrganizationDomain(QStringLiteral(EKN_ORG_DOMAIN));
#if !defined(Q_OS_WIN) && !defined(Q_OS_DARWIN)
    const QString settingsFile = QSettings().fileName();
    const QString legacy = QDir(QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation))
                               .filePath(QStringLiteral(EKN_APP_NAME "/" EKN_APP_NAME ".conf"));
    if (!QFileInfo::exists(settingsFile) && QFileInfo::exists(legacy)) {
        QDir().mkpath(QFileInfo(settingsFile).absolutePath());
        if (!QFile::copy(legacy, settingsFile))
            qCWarning(lcCore) << "could not copy the settings of an older version from" << legacy << "to" << settingsFile;
    }
#endif
}

} // namespace ekn
