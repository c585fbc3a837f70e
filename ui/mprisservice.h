#pragma once

#include <QObject>
#include <QString>
#include <QUrl>

class QDBusConnection;

namespace ekn {

class Player;

// Media keys and desktop media controls on Linux: publishes the player on the session bus as
// an MPRIS2 media player (org.mpris.MediaPlayer2.eknmusic, object /org/mpris/MediaPlayer2) so
// the desktop's media keys, lock screen and sound menu can play, pause, skip and show what is
// playing. Without a session bus (Windows, macOS, a bare CI box) it does nothing.
class MprisService : public QObject
{
    Q_OBJECT
public:
    explicit MprisService(Player *player, QObject *parent = nullptr);
    ~MprisService() override;

    // The bus name it got, empty when it is not on a bus.
    QString serviceName() const { return m_serviceName; }
    bool isRegistered() const { return !m_serviceName.isEmpty(); }
    // The current item's cover as a file (mpris:artUrl); empty: none.
    void setArtUrl(const QUrl &url);
    QUrl artUrl() const { return m_artUrl; }

Q_SIGNALS:
    // The desktop asked to show or to close the app (org.mpris.MediaPlayer2 Raise / Quit).
    void raiseRequested();
    void quitRequested();
    // Play (or the play/pause key) with nothing queued: the window starts what it shows, as
    // its own Space key does.
    void startRequested();
    void artUrlChanged();

private:
    QString m_serviceName;
    QUrl m_artUrl;
};

} // namespace ekn
