#pragma once

#include <QTableView>

namespace ekn {

class TrackModel;

// The track table: sortable columns with a chooser (right-click the header), multi-select,
// drag to playlists, drag to reorder inside a playlist, double-click to play, and a context
// menu for the actions on the selection. It shows; MainWindow decides.
class TrackView : public QTableView
{
    Q_OBJECT
public:
    explicit TrackView(TrackModel *model, QWidget *parent = nullptr);

    TrackModel *trackModel() const { return m_model; }
    QList<int> selectedRows() const;
    QStringList selectedTrackIds() const;
    // Playlist views keep the playlist's order: no sorting, rows can be dragged to reorder.
    void setPlaylistMode(bool on);
    // A search with no result: "No tracks match" and how to search, where the rows would be
    // (empty search: nothing is drawn).
    void setNoMatchSearch(const QString &search);
    QString noMatchText() const;
    // A view that could not be read: why, where the rows would be, until the next view loads
    // (an empty list would say "nothing here"; empty message: nothing is drawn).
    void setReadFailure(const QString &message);
    QString readFailureText() const;

    QByteArray saveColumns() const;
    void restoreColumns(const QByteArray &state);

Q_SIGNALS:
    void playRequested(int row);
    void deleteRequested();
    // Asks the main window to fill the context menu with what applies to the selection.
    void contextMenuRequested(const QPoint &globalPos);

protected:
    void keyPressEvent(QKeyEvent *event) override;
    void contextMenuEvent(QContextMenuEvent *event) override;
    void paintEvent(QPaintEvent *event) override;

private:
    void showColumnMenu(const QPoint &pos);

    TrackModel *m_model;
    bool m_allSelectedBeforeSort = false;
    QString m_noMatchSearch;
    QString m_readFailure;
};

} // namespace ekn
