#include "mprisservice.h"

#include "common/logging.h"
#include "mprisplayeradaptor.h"
#include "mprisrootadaptor.h"
#include "mpristracklistadaptor.h"

#include <QCoreApplication>
#include <QDBusConnection>
#include <QDBusConnectionInterface>

namespace ekn {

namespace {
const QString kObjectPath = QStringLiteral("/org/mpris/MediaPlayer2");
const QString kServiceName = QStringLiteral("org.mpris.MediaPlayer2.eknmusic");
} // namespace

MprisService::MprisService(Player *player, QObject *parent)
    : QObject(parent)
{
    QDBusConnection bus = QDBusConnection::sessionBus();
    if (!bus.isConnected())
        return; // no session bus: no desktop media controls to talk to
    // The adaptors attach to this object; they must exist before it is registered.
    new MprisRootAdaptor(this);
    new MprisPlayerAdaptor(this, player);
    new MprisTrackListAdaptor(this, player);
    if (!bus.registerObject(kObjectPath, this)) {
        qCInfo(lcPlayback) << "media keys: another player object of this process is on the bus already";
        return;
    }
    // A second running copy of the app takes an instance name, as the MPRIS spec says.
    QString name = kServiceName;
    if (!bus.registerService(name)) {
        name = kServiceName + QStringLiteral(".instance%1").arg(QCoreApplication::applicationPid());
        if (!bus.registerService(name)) {
            qCInfo(lcPlayback) << "media keys: could not take a name on the session bus:" << bus.lastError().message();
            bus.unregisterObject(kObjectPath);
            return;
        }
    }
    m_serviceName = name;
}

void MprisService::setArtUrl(const QUrl &url)
{
    if (url == m_artUrl)
        return;
    m_artUrl = url;
    Q_EMIT artUrlChanged();
}

MprisService::~MprisService()
{
    if (m_serviceName.isEmpty())
        return;
    QDBusConnection bus = QDBusConnection::sessionBus();
    bus.unregisterService(m_serviceName);
    bus.unregisterObject(kObjectPath);
}

} // namespace ekn
