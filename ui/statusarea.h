#pragma once

#include <QStatusBar>

class QLabel;
class QProgressBar;
class QToolButton;

namespace ekn {

// The status bar: messages on the left; while importing, a progress bar with the current
// folder and a Cancel button; a link to the scan errors when some files could not be read;
// the sync state on the right.
class StatusArea : public QStatusBar
{
    Q_OBJECT
public:
    explicit StatusArea(QWidget *parent = nullptr);

    void scanStarted();
    void scanProgress(int found, int done, const QString &folder);
    void scanFinished(const QString &message, int failed);
    void setSyncState(const QString &text, const QString &lastError = {});
    bool isScanning() const;

Q_SIGNALS:
    void cancelScanRequested();
    void showScanErrorsRequested();

private:
    QLabel *m_scanLabel;
    QProgressBar *m_progress;
    QToolButton *m_cancel;
    QToolButton *m_errors;
    QLabel *m_sync;
};

} // namespace ekn
