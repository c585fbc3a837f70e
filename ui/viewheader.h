#pragma once

#include <QWidget>

class QLabel;
class QLineEdit;
class QTimer;

namespace ekn {

// The row above the track view: what is shown ("Northern Lights · 12 tracks") and the search
// box. A keystroke searches at once when no search is running; keystrokes typed while one
// runs become one search, started the moment the running one is answered. So rows follow the
// typing as fast as the library answers, with no fixed delay (a 150 ms debounce was most of
// the time a keystroke took to show rows), and fast typing never queues a search per letter.
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

    // The window showed what the last searchChanged() asked for: the next one may start.
    void searchAnswered();

    // A search not answered after this long no longer holds back the next one.
    static constexpr int kSearchPatienceMs = 2000;

Q_SIGNALS:
    // The search text after typing paused.
    void searchChanged(const QString &text);

private:
    QLabel *m_title;
    QLineEdit *m_search;
    void typed();
    void emitSearch();

    QTimer *m_patience;
    bool m_running = false; // a search was asked for and not answered yet
    bool m_pending = false; // the text changed while it ran
    QString m_asked;        // the text of the last search asked for
};

} // namespace ekn
