#include "emptystate.h"

#include "themeicons.h"

#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace ekn {

EmptyState::EmptyState(QWidget *parent)
    : QWidget(parent)
    , m_note(new QLabel(this))
{
    setObjectName(QStringLiteral("emptyState"));
    auto *icon = new QLabel(this);
    icon->setPixmap(ThemeIcons::icon(QStringLiteral("music-drop")).pixmap(QSize(96, 96)));
    icon->setAlignment(Qt::AlignCenter);
    auto *title = new QLabel(tr("Drop a music folder here to start your library"), this);
    title->setObjectName(QStringLiteral("emptyStateTitle"));
    QFont f = title->font();
    f.setPointSizeF(f.pointSizeF() * 1.5);
    f.setBold(true);
    title->setFont(f);
    title->setAlignment(Qt::AlignCenter);
    auto *hint = new QLabel(tr("Folders and files can be dropped anywhere on this window. "
                               "EKNMusic reads their tags; your files stay where they are."),
                            this);
    hint->setAlignment(Qt::AlignCenter);
    hint->setWordWrap(true);
    hint->setEnabled(false);
    auto *button = new QPushButton(ThemeIcons::icon(QStringLiteral("folder-add")), tr("Add Folder..."), this);
    button->setObjectName(QStringLiteral("emptyStateAddFolder"));
    m_note->setObjectName(QStringLiteral("emptyStateNote"));
    m_note->setAlignment(Qt::AlignCenter);
    m_note->setWordWrap(true);
    m_note->hide();
    auto *layout = new QVBoxLayout(this);
    layout->addStretch(2);
    layout->addWidget(icon);
    layout->addSpacing(12);
    layout->addWidget(title);
    layout->addWidget(hint);
    layout->addSpacing(16);
    layout->addWidget(button, 0, Qt::AlignHCenter);
    layout->addSpacing(8);
    layout->addWidget(m_note);
    layout->addStretch(3);
    connect(button, &QPushButton::clicked, this, &EmptyState::addFolderRequested);
}

void EmptyState::setNote(const QString &text)
{
    m_note->setText(text);
    m_note->setVisible(!text.isEmpty());
}

} // namespace ekn
