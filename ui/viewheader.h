#pragma once

#include <QWidget>

class QLabel;
class QLineEdit;

namespace ekn {

// The row above the track view: what is shown ("Northern Lights · 12 tracks") and the search
// box. Every keystroke asks for its search at once, with no debounce (a fixed 150 ms was most
// of the time a keystroke took to show rows at 100,000 tracks): the library thread skips a
// view that a newer one replaced before it started and stops streaming one that a newer one
// replaced (LibraryWorker::viewAsked), so fast typing runs the first search and the last.
class ViewHeader : public QWidget
{
    Q_OBJECT
public:
    explicit ViewHeader(QWidget *parent = nullptr);

    QLineEdit *searchBox() const { return m_search; }
    QString searchText() const;
    void setTitle(const QString &title);
    // Ctrl+F: the search box with its text selected.
    void focusSearch();

Q_SIGNALS:
    // The search text, at every change.
    void searchChanged(const QString &text);

private:
    QLabel *m_title;
    QLineEdit *m_search;
};

} // namespace ekn
