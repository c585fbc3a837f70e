#include "themeicons.h"

#include <QApplication>
#include <QBuffer>
#include <QFile>
#include <QIconEngine>
#include <QImageReader>
#include <QPainter>
#include <QPalette>
#include <QPixmap>

namespace ekn {

namespace {

class SvgIconEngine : public QIconEngine
{
public:
    explicit SvgIconEngine(QString name)
        : m_name(std::move(name))
    {
        QFile f(QStringLiteral(":/icons/%1.svg").arg(m_name));
        if (f.open(QIODevice::ReadOnly))
            m_svg = f.readAll();
    }

    QIconEngine *clone() const override { return new SvgIconEngine(*this); }
    QString key() const override { return QStringLiteral("ekn-svg"); }
    QString iconName() override { return m_name; }

    void paint(QPainter *painter, const QRect &rect, QIcon::Mode mode, QIcon::State state) override
    {
        const qreal dpr = painter->device() ? painter->device()->devicePixelRatioF() : 1.0;
        QPixmap pm = scaledPixmap(rect.size(), mode, state, dpr);
        painter->drawPixmap(rect, pm);
    }

    QPixmap pixmap(const QSize &size, QIcon::Mode mode, QIcon::State state) override
    {
        return scaledPixmap(size, mode, state, 1.0);
    }

    QPixmap scaledPixmap(const QSize &size, QIcon::Mode mode, QIcon::State, qreal scale) override
    {
        const QPalette pal = QApplication::palette();
        QColor fg = pal.color(mode == QIcon::Disabled ? QPalette::Disabled : QPalette::Active,
                              mode == QIcon::Selected ? QPalette::HighlightedText : QPalette::WindowText);
        QColor bg = pal.color(QPalette::Base);
        QByteArray svg = m_svg;
        svg.replace("#000000", fg.name().toLatin1());
        svg.replace("#ffffff", bg.name().toLatin1());
        QBuffer buffer(&svg);
        buffer.open(QIODevice::ReadOnly);
        QImageReader reader(&buffer, "svg");
        const QSize pixels = (QSizeF(size) * scale).toSize();
        reader.setScaledSize(pixels);
        QImage image = reader.read();
        if (image.isNull()) {
            image = QImage(pixels, QImage::Format_ARGB32_Premultiplied);
            image.fill(Qt::transparent);
        }
        QPixmap pm = QPixmap::fromImage(image);
        pm.setDevicePixelRatio(scale);
        return pm;
    }

    QSize actualSize(const QSize &size, QIcon::Mode, QIcon::State) override { return size; }

private:
    QString m_name;
    QByteArray m_svg;
};

} // namespace

QIcon ThemeIcons::icon(const QString &name)
{
    return QIcon(new SvgIconEngine(name));
}

} // namespace ekn
