#include "nowplayingpanel.h"

#include "covercache.h"
#include "playback/player.h"
#include "themeicons.h"

#include <QLabel>
#include <QPointer>
#include <QVBoxLayout>

namespace ekn {

NowPlayingPanel::NowPlayingPanel(Player *player, QWidget *parent)
    : QWidget(parent)
    , m_player(player)
    , m_coverLabel(new QLabel(this))
    , m_title(new QLabel(this))
    , m_details(new QLabel(this))
{
    setObjectName(QStringLiteral("nowPlayingPanel"));
    m_pool.setMaxThreadCount(1); // one cover at a time; a newer item makes older ones stale
    m_coverLabel->setObjectName(QStringLiteral("nowPlayingCover"));
    m_coverLabel->setFixedSize(kCoverSize, kCoverSize);
    m_coverLabel->setAlignment(Qt::AlignCenter);
    m_coverLabel->setFrameShape(QFrame::StyledPanel);
    m_title->setObjectName(QStringLiteral("nowPlayingTitle"));
    m_title->setTextFormat(Qt::PlainText);
    m_title->setWordWrap(true);
    QFont big = m_title->font();
    big.setPointSizeF(big.pointSizeF() * 1.4);
    big.setBold(true);
    m_title->setFont(big);
    m_details->setObjectName(QStringLiteral("nowPlayingDetails"));
    m_details->setTextFormat(Qt::PlainText);
    m_details->setWordWrap(true);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(12, 12, 12, 12);
    layout->addWidget(m_coverLabel, 0, Qt::AlignHCenter);
    layout->addWidget(m_title);
    layout->addWidget(m_details);
    layout->addStretch(1);
    connect(player, &Player::currentChanged, this, [this] { showItem(m_player->queue().current()); });
    showItem(player->queue().current());
}

NowPlayingPanel::~NowPlayingPanel()
{
    m_pool.clear();
    m_pool.waitForDone();
}

QString NowPlayingPanel::titleText() const { return m_title->text(); }
QString NowPlayingPanel::detailsText() const { return m_details->text(); }

void NowPlayingPanel::showItem(const QueueItem *item)
{
    const quint64 generation = ++m_generation;
    m_cover = {};
    m_coverPath.clear();
    showCover({});
    if (!item) {
        m_title->setText(tr("Nothing playing"));
        m_details->clear();
        Q_EMIT coverChanged({}, {});
        return;
    }
    m_title->setText(item->title);
    QStringList lines;
    if (!item->artist.isEmpty())
        lines << item->artist;
    if (!item->album.isEmpty())
        lines << (item->year > 0 ? tr("%1 (%2)").arg(item->album).arg(item->year) : item->album);
    else if (item->year > 0)
        lines << QString::number(item->year);
    if (!item->format.isEmpty())
        lines << item->format.toUpper();
    m_details->setText(lines.join(QLatin1Char('\n')));
    const QString path = item->source().isLocalFile() ? item->source().toLocalFile() : QString();
    if (path.isEmpty()) {
        Q_EMIT coverChanged({}, {});
        return;
    }
    m_pool.clear(); // covers of items already skipped need not be made
    QPointer<NowPlayingPanel> self(this);
    m_pool.start([self, path, generation] {
        const CoverCache::Result r = CoverCache().thumbnail(path, kCoverSize);
        QMetaObject::invokeMethod(self.data(), [self, r, generation] {
            if (!self || generation != self->m_generation)
                return;
            self->m_cover = r.image;
            self->m_coverPath = r.path;
            self->showCover(r.image);
            Q_EMIT self->coverChanged(r.image, r.path);
        }, Qt::QueuedConnection);
    });
}

void NowPlayingPanel::showCover(const QImage &image)
{
    if (image.isNull()) {
        m_coverLabel->setPixmap(ThemeIcons::icon(QStringLiteral("album")).pixmap(QSize(96, 96)));
        return;
    }
    m_coverLabel->setPixmap(QPixmap::fromImage(image.scaled(kCoverSize - 4, kCoverSize - 4, Qt::KeepAspectRatio, Qt::SmoothTransformation)));
}

} // namespace ekn
