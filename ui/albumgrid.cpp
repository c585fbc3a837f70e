#include "albumgrid.h"

#include "albummodel.h"
#include "themeicons.h"

#include <QPainter>
#include <QScrollBar>
#include <QStyledItemDelegate>

namespace ekn {

namespace {

constexpr int kPad = 8;
constexpr int kCover = AlbumModel::kCoverSize;

// Cover on top, then three lines: title (bold), album artist, "year · N tracks".
class AlbumDelegate : public QStyledItemDelegate
{
public:
    explicit AlbumDelegate(QObject *parent)
        : QStyledItemDelegate(parent)
        , m_placeholder(ThemeIcons::icon(QStringLiteral("album")))
    {
    }

    static QSize cellSize(const QFontMetrics &fm) { return {kCover + 2 * kPad, kCover + 2 * kPad + 3 * fm.height() + 4}; }

    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &) const override
    {
        return cellSize(option.fontMetrics);
    }

    void paint(QPainter *p, const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        p->save();
        const QRect r = option.rect;
        const QPalette &pal = option.palette;
        if (option.state & QStyle::State_Selected)
            p->fillRect(r.adjusted(2, 2, -2, -2), pal.highlight());
        const QRect cover(r.left() + kPad, r.top() + kPad, kCover, kCover);
        paintCover(p, cover, index);
        const QColor text = (option.state & QStyle::State_Selected) ? pal.highlightedText().color() : pal.text().color();
        QFont bold = option.font;
        bold.setBold(true);
        const QFontMetrics fm(option.font);
        const QFontMetrics bfm(bold);
        int y = cover.bottom() + 4;
        const auto line = [&](const QString &s, const QFont &f, const QFontMetrics &m, const QColor &c) {
            p->setFont(f);
            p->setPen(c);
            p->drawText(QRect(cover.left(), y, kCover, m.height()), Qt::AlignLeft | Qt::AlignVCenter,
                        m.elidedText(s, Qt::ElideRight, kCover));
            y += m.height();
        };
        line(index.data(Qt::DisplayRole).toString(), bold, bfm, text);
        const QString artist = index.data(AlbumModel::AlbumArtistRole).toString();
        QColor dim = text;
        dim.setAlphaF(0.75f);
        line(artist.isEmpty() ? AlbumGrid::tr("Unknown Artist") : artist, option.font, fm, dim);
        const int n = index.data(AlbumModel::TrackCountRole).toInt();
        const int year = index.data(AlbumModel::YearRole).toInt();
        const QString count = n == 1 ? AlbumGrid::tr("1 track") : AlbumGrid::tr("%1 tracks").arg(n);
        line(year > 0 ? QString::number(year) + QStringLiteral(" \u00b7 ") + count : count, option.font, fm, dim);
        p->restore();
    }

private:
    void paintCover(QPainter *p, const QRect &cover, const QModelIndex &index) const
    {
        const QVariant v = index.data(Qt::DecorationRole); // asks for the cover when not made yet
        if (v.canConvert<QPixmap>() && !v.value<QPixmap>().isNull()) {
            const QPixmap pm = v.value<QPixmap>();
            const QSize s = pm.size().scaled(cover.size(), Qt::KeepAspectRatio);
            p->drawPixmap(QRect(QPoint(cover.left() + (cover.width() - s.width()) / 2,
                                       cover.top() + (cover.height() - s.height()) / 2), s), pm);
            return;
        }
        // No cover (yet): a quiet square with the album symbol.
        QColor bg = QPalette().mid().color();
        bg.setAlphaF(0.25f);
        p->fillRect(cover, bg);
        const int icon = kCover / 3;
        m_placeholder.paint(p, QRect(cover.center() - QPoint(icon / 2, icon / 2), QSize(icon, icon)));
    }

    QIcon m_placeholder;
};

} // namespace

AlbumGrid::AlbumGrid(AlbumModel *model, QWidget *parent)
    : QListView(parent)
    , m_model(model)
    , m_emptyText(tr("Loading albums\u2026"))
{
    setObjectName(QStringLiteral("albumGrid"));
    setAccessibleName(tr("Albums"));
    setViewMode(QListView::IconMode);
    setMovement(QListView::Static);
    setResizeMode(QListView::Adjust);
    setWrapping(true);
    setUniformItemSizes(true);
    setSelectionMode(QAbstractItemView::SingleSelection);
    setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    setDragEnabled(false);
    setItemDelegate(new AlbumDelegate(this));
    setGridSize(AlbumDelegate::cellSize(fontMetrics()));
    setModel(model);
    verticalScrollBar()->setSingleStep(gridSize().height() / 4);

    connect(this, &QAbstractItemView::activated, this, [this](const QModelIndex &index) {
        if (index.isValid())
            Q_EMIT albumOpened(m_model->albumAt(index.row()));
    });
    connect(model, &AlbumModel::loadFinished, this, [this](int albums) {
        m_emptyText = albums == 0 ? tr("No albums. Tracks with an album name show up here.") : QString();
        viewport()->update();
    });
    connect(model, &AlbumModel::loadFailed, this, [this](const QString &message) {
        m_emptyText = message;
        viewport()->update();
    });
}

void AlbumGrid::paintEvent(QPaintEvent *event)
{
    QListView::paintEvent(event);
    if (m_model->rowCount() > 0 || m_emptyText.isEmpty())
        return;
    QPainter p(viewport());
    p.setPen(palette().placeholderText().color());
    p.drawText(viewport()->rect().adjusted(24, 24, -24, -24), Qt::AlignCenter | Qt::TextWordWrap, m_emptyText);
}

} // namespace ekn
