#include "viewheader.h"

#include "themeicons.h"

#include <QAction>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>

namespace ekn {

ViewHeader::ViewHeader(QWidget *parent)
    : QWidget(parent)
    , m_title(new QLabel(this))
    , m_search(new QLineEdit(this))
{
    m_title->setObjectName(QStringLiteral("viewTitle"));
    m_title->setTextFormat(Qt::PlainText);
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.15);
    m_title->setFont(titleFont);

    m_search->setObjectName(QStringLiteral("searchBox"));
    m_search->setPlaceholderText(tr("Search title, artist, album, genre \u2014 or artist:, album:, year: (Ctrl+F)"));
    m_search->setClearButtonEnabled(true);
    m_search->addAction(ThemeIcons::icon(QStringLiteral("search")), QLineEdit::LeadingPosition);
    m_search->setAccessibleName(tr("Search"));

    connect(m_search, &QLineEdit::textChanged, this, &ViewHeader::searchChanged);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 6, 6, 6);
    layout->addWidget(m_title);
    layout->addSpacing(12);
    layout->addWidget(m_search, 1);
}

QString ViewHeader::searchText() const
{
    return m_search->text();
}

void ViewHeader::setTitle(const QString &title)
{
    m_title->setText(title);
}

void ViewHeader::focusSearch()
{
    m_search->setFocus(Qt::ShortcutFocusReason);
    m_search->selectAll();
}

} // namespace ekn
