#pragma once

#include <QWidget>

class QLabel;
class QLineEdit;
class QTimer;

namespace ekn {

// The row above the track view: what is shown ("Northern Lights · 12 tracks") and the search
// box. Typing pauses shorter than the debounce are one search: a query per word, not per
// letter.
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

    static constexpr int kSearchDebounceMs = 150;

Q_SIGNALS:
    // The search text after typing paused.
    void searchChanged(const QString &text);

private:
    QLabel *m_title;
    QLineEdit *m_search;
    QTimer *m_debounce;
};

} // namespace ekn
