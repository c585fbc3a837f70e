#pragma once

#include <QObject>
#include <QTemporaryDir>

// The window on a library bigger than a search page: every match of a one-letter search can
// be scrolled to, and a sort with everything selected keeps the selection. The rows are
// written through the scanner's own TrackWriter (thousands of generated audio files would
// take minutes; listing them needs no file).
class TestBigLibrary : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void broadSearchShowsTheTrueCountAndScrollsToEveryMatch();
    void sortWithEverythingSelectedKeepsOrderSelectionAndIds();
    void searchShowsAScreenfulFirstThenTheWholePage();

private:
    QTemporaryDir m_data;
};
