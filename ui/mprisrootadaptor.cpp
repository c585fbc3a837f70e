#include "mprisrootadaptor.h"

#include "mprisservice.h"

#include <QCoreApplication>

namespace ekn {

MprisRootAdaptor::MprisRootAdaptor(MprisService *service)
    : QDBusAbstractAdaptor(service)
    , m_service(service)
{
}

QString MprisRootAdaptor::identity() const { return QStringLiteral("EKNMusic"); }

// The .desktop file's id without ".desktop" (packaging/linux), so the desktop finds its icon
// and name.
QString MprisRootAdaptor::desktopEntry() const { return QStringLiteral("org.eknmusic.EKNMusic"); }

QStringList MprisRootAdaptor::supportedUriSchemes() const { return {QStringLiteral("file")}; }

QStringList MprisRootAdaptor::supportedMimeTypes() const
{
    return {QStringLiteral("audio/mpeg"), QStringLiteral("audio/flac"), QStringLiteral("audio/ogg"),
            QStringLiteral("audio/opus"), QStringLiteral("audio/mp4"), QStringLiteral("audio/x-wav")};
}

void MprisRootAdaptor::Raise() { Q_EMIT m_service->raiseRequested(); }

void MprisRootAdaptor::Quit() { Q_EMIT m_service->quitRequested(); }

} // namespace ekn
