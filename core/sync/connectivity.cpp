#include "sync/connectivity.h"

#include "common/logging.h"

#include <QNetworkInformation>

namespace ekn {

Connectivity::Connectivity(QObject *parent) : QObject(parent)
{
    const bool backend =
        QNetworkInformation::loadBackendByFeatures(QNetworkInformation::Feature::Reachability);
    QNetworkInformation *info = backend ? QNetworkInformation::instance() : nullptr;
    if (!info) {
        qCDebug(lcSync) << "no network reachability backend; assuming online";
        return;
    }
    auto online = [](QNetworkInformation::Reachability r) {
        // Unknown: the backend cannot tell; let the real connect decide.
        return r != QNetworkInformation::Reachability::Disconnected;
    };
    m_online = online(info->reachability());
    connect(info, &QNetworkInformation::reachabilityChanged, this,
            [this, online](QNetworkInformation::Reachability r) {
                const bool now = online(r);
                if (now == m_online)
                    return;
                m_online = now;
                Q_EMIT onlineChanged(now);
            });
}

} // namespace ekn
