#include "statusarea.h"

#include <QDir>
#include <QFontMetrics>
#include <QLabel>
#include <QProgressBar>
#include <QToolButton>

namespace ekn {

StatusArea::StatusArea(QWidget *parent)
    : QStatusBar(parent)
    , m_scanLabel(new QLabel(this))
    , m_progress(new QProgressBar(this))
    , m_cancel(new QToolButton(this))
    , m_errors(new QToolButton(this))
    , m_sync(new QToolButton(this))
{
    setObjectName(QStringLiteral("statusArea"));
    m_scanLabel->setObjectName(QStringLiteral("scanLabel"));
    m_scanLabel->setMaximumWidth(360);
    m_progress->setObjectName(QStringLiteral("scanProgress"));
    m_progress->setMaximumWidth(180);
    m_progress->setTextVisible(true);
    m_cancel->setObjectName(QStringLiteral("cancelScanButton"));
    m_cancel->setText(tr("Cancel"));
    m_cancel->setToolTip(tr("Stop the import; what was read so far stays in the library"));
    m_errors->setObjectName(QStringLiteral("scanErrorsButton"));
    m_errors->setAutoRaise(true);
    m_sync->setObjectName(QStringLiteral("syncState"));
    m_sync->setAutoRaise(true);
    m_sync->setCursor(Qt::PointingHandCursor);
    connect(m_sync, &QToolButton::clicked, this, &StatusArea::syncStateClicked);
    addPermanentWidget(m_scanLabel);
    addPermanentWidget(m_progress);
    addPermanentWidget(m_cancel);
    addPermanentWidget(m_errors);
    addPermanentWidget(m_sync);
    m_scanLabel->hide();
    m_progress->hide();
    m_cancel->hide();
    m_errors->hide();
    connect(m_cancel, &QToolButton::clicked, this, [this] {
        m_cancel->setEnabled(false);
        m_scanLabel->setText(tr("Cancelling..."));
        Q_EMIT cancelScanRequested();
    });
    connect(m_errors, &QToolButton::clicked, this, &StatusArea::showScanErrorsRequested);
    setSyncState(tr("Local library \u2014 not signed in"));
}

bool StatusArea::isScanning() const { return m_progress->isVisible(); }

void StatusArea::scanStarted()
{
    m_scanLabel->setText(tr("Importing..."));
    m_progress->setRange(0, 0); // busy until the walk has counted files
    m_cancel->setEnabled(true);
    m_scanLabel->show();
    m_progress->show();
    m_cancel->show();
}

void StatusArea::scanProgress(int found, int done, const QString &folder)
{
    if (!isScanning())
        scanStarted();
    m_progress->setRange(0, qMax(found, 1));
    m_progress->setValue(done);
    m_progress->setFormat(tr("%1 of %2").arg(done).arg(found));
    const QString shown = fontMetrics().elidedText(QDir::toNativeSeparators(folder), Qt::ElideMiddle, 300);
    m_scanLabel->setText(tr("Importing %1").arg(shown));
    m_scanLabel->setToolTip(QDir::toNativeSeparators(folder));
}

void StatusArea::scanFinished(const QString &message, int failed)
{
    m_scanLabel->hide();
    m_progress->hide();
    m_cancel->hide();
    if (failed > 0) {
        m_errors->setText(tr("Unreadable files: %1").arg(failed));
        m_errors->setToolTip(tr("Show which files and why"));
        m_errors->show();
    } else {
        m_errors->hide();
    }
    showMessage(message, 15000);
}

void StatusArea::setSyncState(const QString &text, const QString &lastError)
{
    QString shown = text;
    m_sync->setText(shown.replace(QLatin1Char('&'), QStringLiteral("&&"))); // no mnemonics from a reason
    m_sync->setToolTip(lastError.isEmpty() ? tr("%1 \u2014 click for sync details and conflicts").arg(text)
                                           : tr("Last error: %1").arg(lastError));
}

QString StatusArea::syncStateText() const { return QString(m_sync->text()).replace(QStringLiteral("&&"), QStringLiteral("&")); }
QString StatusArea::syncStateToolTip() const { return m_sync->toolTip(); }

} // namespace ekn
