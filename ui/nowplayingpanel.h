#pragma once

#include <QImage>
#include <QThreadPool>
#include <QWidget>

class QLabel;

namespace ekn {

class Player;
struct QueueItem;

// What plays, large: the cover, title, artist, album, year and format. It also fetches the
// cover of each new item (on a worker thread, through CoverCache) and hands it on, so the
// player bar and the desktop's media controls show the same picture.
class NowPlayingPanel : public QWidget
{
    Q_OBJECT
public:
    static constexpr int kCoverSize = 320;

    explicit NowPlayingPanel(Player *player, QWidget *parent = nullptr);
    ~NowPlayingPanel() override;

    QImage cover() const { return m_cover; }
    QString coverPath() const { return m_coverPath; }
    QString titleText() const;
    QString detailsText() const;

Q_SIGNALS:
    // The current item's cover (null image, empty path: it has none), once known.
    void coverChanged(const QImage &image, const QString &cachedPath);

private:
    void showItem(const QueueItem *item);
    void showCover(const QImage &image);

    Player *m_player;
    QLabel *m_coverLabel;
    QLabel *m_title;
    QLabel *m_details;
    QImage m_cover;
    QString m_coverPath;
    QThreadPool m_pool;
    quint64 m_generation = 0;
};

} // namespace ekn
