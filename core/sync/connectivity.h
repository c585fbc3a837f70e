#pragma once

#include <QObject>

namespace ekn {

// Whether the network is there, from Qt Network (QNetworkInformation reachability). Only a
// hint: "online" still needs a real connect with a timeout (the sync run does that), and a
// platform without a reachability backend counts as online. onlineChanged() fires when the
// network comes back (the engine syncs then) or goes away (the engine shows offline).
class Connectivity : public QObject
{
    Q_OBJECT
public:
    explicit Connectivity(QObject *parent = nullptr);

Q_SIGNALS:
    void onlineChanged(bool online);

private:
    bool m_online = true;
};

} // namespace ekn
