#pragma once

#include <QWidget>

class QLabel;

namespace ekn {

// What an empty library shows: an invitation to drop a music folder anywhere on the window,
// and a button that does the same through a folder chooser.
class EmptyState : public QWidget
{
    Q_OBJECT
public:
    explicit EmptyState(QWidget *parent = nullptr);
    // A line under the invitation (e.g. "No audio files found in what was dropped.").
    void setNote(const QString &text);

Q_SIGNALS:
    void addFolderRequested();

private:
    QLabel *m_note;
};

} // namespace ekn
