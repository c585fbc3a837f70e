#pragma once

#include <QObject>
#include <QPointer>
#include <QString>
#include <QThreadPool>
#include <QTimer>

namespace ekn {

class Player;
class PlayQueue;

// Keeps the player's queue, current item, position and shuffle/repeat modes across restarts,
// in one file (playqueue.dat in the library's folder). Reading and writing run on a thread of
// their own: a queue of a whole library is megabytes, and the window never waits on disk.
// Saves a moment after every change, and once more when the app closes.
class PlaybackSession : public QObject
{
    Q_OBJECT
public:
    PlaybackSession(Player *player, QString filePath, QObject *parent = nullptr);
    // Writes the last state and waits for it: the app is closing.
    ~PlaybackSession() override;

    QString filePath() const { return m_path; }
    // Loads the saved queue (asynchronously); the player gets it paused where it stopped.
    void restore();
    // Writes now (asynchronously), not after the short delay.
    void saveNow();

    // Any thread: the file as bytes, and back. An unreadable file says why.
    static QString write(const QString &path, const PlayQueue &queue, qint64 positionMs);
    static QString read(const QString &path, PlayQueue *queue, qint64 *positionMs, bool *found);

Q_SIGNALS:
    void restored(bool found);
    // A sentence for the status bar: the saved queue could not be read or written.
    void failed(const QString &message);

private:
    void scheduleSave();

    QPointer<Player> m_player;
    QString m_path;
    QTimer m_delay;
    QThreadPool m_io; // one thread: writes land in the order they were made
    bool m_restoring = false;
};

} // namespace ekn
