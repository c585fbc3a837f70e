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
    // The sync state on the right; lastError (the reason it is offline or failing) goes into
    // its tooltip. Clicking the state asks for the sync conflicts dialog.
    void setSyncState(const QString &text, const QString &lastError = {});
    QString syncStateText() const;
    QString syncStateToolTip() const;
    bool isScanning() const;

Q_SIGNALS:
    void cancelScanRequested();
    void showScanErrorsRequested();
    void syncStateClicked();

private:
    QLabel *m_scanLabel;
    QProgressBar *m_progress;
    QToolButton *m_cancel;
    QToolButton *m_errors;
    QToolButton *m_sync;
};

} // namespace ekn
