#include "trackview.h"

#include "trackmodel.h"

#include "library/searchquery.h"

#include <QContextMenuEvent>
#include <QHeaderView>
#include <QKeyEvent>
#include <QMenu>
#include <QPainter>

#include <algorithm>

namespace ekn {

TrackView::TrackView(TrackModel *model, QWidget *parent)
    : QTableView(parent)
    , m_model(model)
{
    setObjectName(QStringLiteral("trackView"));
    setModel(model);
    setSelectionBehavior(QAbstractItemView::SelectRows);
    setSelectionMode(QAbstractItemView::ExtendedSelection);
    // Rows are selected whole, so Tab moving from cell to cell only trapped the keyboard in
    // the table: Tab goes on to the next part of the window, arrows move within.
    setTabKeyNavigation(false);
    setSortingEnabled(true);
    sortByColumn(-1, Qt::AscendingOrder);
    setAlternatingRowColors(true);
    setShowGrid(false);
    setWordWrap(false);
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    setDragEnabled(true);
    setDragDropMode(QAbstractItemView::DragOnly);
    setDefaultDropAction(Qt::CopyAction);
    setAccessibleName(tr("Tracks"));
    verticalHeader()->hide();
    // Fixed row heights: the view never measures 100,000 rows.
    verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 8);
    horizontalHeader()->setSectionsMovable(true);
    horizontalHeader()->setHighlightSections(false);
    horizontalHeader()->setStretchLastSection(true);
    horizontalHeader()->setContextMenuPolicy(Qt::CustomContextMenu);
    horizontalHeader()->setSortIndicatorClearable(true);
    connect(horizontalHeader(), &QHeaderView::customContextMenuRequested, this, &TrackView::showColumnMenu);

    const int w = fontMetrics().averageCharWidth();
    setColumnWidth(TrackModel::TitleColumn, 34 * w);
    setColumnWidth(TrackModel::ArtistColumn, 22 * w);
    setColumnWidth(TrackModel::AlbumColumn, 24 * w);
    setColumnWidth(TrackModel::AlbumArtistColumn, 20 * w);
    setColumnWidth(TrackModel::TrackColumn, 5 * w);
    setColumnWidth(TrackModel::DiscColumn, 5 * w);
    setColumnWidth(TrackModel::YearColumn, 7 * w);
    setColumnWidth(TrackModel::GenreColumn, 14 * w);
    setColumnWidth(TrackModel::DurationColumn, 8 * w);
    setColumnWidth(TrackModel::FormatColumn, 8 * w);
    // Five star glyphs are wider than five average letters: the column fits the widest rating
    // ("★★★★½" was cut to "★★★…" in a real window).
    setColumnWidth(TrackModel::RatingColumn,
                   std::max(9 * w, fontMetrics().horizontalAdvance(TrackModel::stars(9)) + 3 * w));
    setColumnWidth(TrackModel::PlaysColumn, 6 * w);
    for (int c : {int(TrackModel::AlbumArtistColumn), int(TrackModel::DiscColumn), int(TrackModel::BitrateColumn),
                  int(TrackModel::ComposerColumn), int(TrackModel::PathColumn), int(TrackModel::AddedColumn),
                  int(TrackModel::SkipsColumn), int(TrackModel::LastPlayedColumn)})
        setColumnHidden(c, true);

    // Qt keeps a selection across a reorder as one persistent index per selected row, which
    // takes seconds for 100,000 rows; "everything selected" survives a sort as it is.
    connect(model, &TrackModel::aboutToReorder, this, [this] {
        const QItemSelection sel = selectionModel()->selection();
        m_allSelectedBeforeSort = m_model->rowCount() > 0 && sel.size() == 1 && sel.first().top() == 0
            && sel.first().bottom() == m_model->rowCount() - 1;
        if (m_allSelectedBeforeSort)
            selectionModel()->clearSelection();
    });
    connect(model, &TrackModel::reordered, this, [this] {
        if (m_allSelectedBeforeSort)
            selectAll();
        m_allSelectedBeforeSort = false;
    });
    connect(this, &QTableView::doubleClicked, this, [this](const QModelIndex &index) {
        if (index.isValid())
            Q_EMIT playRequested(index.row());
    });
}

QList<int> TrackView::selectedRows() const
{
    // From the selection's ranges (whole rows: the view selects rows), not selectedRows(),
    // which makes and checks one index per row and takes tens of ms for 100,000 rows.
    QList<int> rows;
    const QItemSelection sel = selectionModel()->selection();
    for (const QItemSelectionRange &r : sel)
        for (int row = r.top(); row <= r.bottom(); ++row)
            rows.append(row);
    std::sort(rows.begin(), rows.end());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    return rows;
}

QStringList TrackView::selectedTrackIds() const
{
    QStringList ids;
    const QList<int> rows = selectedRows();
    ids.reserve(rows.size());
    for (int r : rows)
        ids.append(m_model->trackAt(r).id);
    return ids;
}

void TrackView::setPlaylistMode(bool on)
{
    setSortingEnabled(!on);
    if (on) {
        horizontalHeader()->setSortIndicator(-1, Qt::AscendingOrder);
        setDragDropMode(QAbstractItemView::DragDrop);
        setDefaultDropAction(Qt::MoveAction);
        setDropIndicatorShown(true);
        setDragDropOverwriteMode(false);
        setAcceptDrops(true);
    } else {
        setDragDropMode(QAbstractItemView::DragOnly);
        setDefaultDropAction(Qt::CopyAction);
        setAcceptDrops(false);
    }
}

QByteArray TrackView::saveColumns() const { return horizontalHeader()->saveState(); }

void TrackView::restoreColumns(const QByteArray &state)
{
    if (!state.isEmpty())
        horizontalHeader()->restoreState(state);
}

void TrackView::showColumnMenu(const QPoint &pos)
{
    QMenu menu(this);
    menu.setTitle(tr("Columns"));
    for (int c = 0; c < TrackModel::ColumnCount; ++c) {
        QAction *a = menu.addAction(TrackModel::columnName(c));
        a->setCheckable(true);
        a->setChecked(!isColumnHidden(c));
        // The title column always stays: a row without it says nothing.
        a->setEnabled(c != TrackModel::TitleColumn);
        connect(a, &QAction::toggled, this, [this, c](bool on) { setColumnHidden(c, !on); });
    }
    menu.exec(horizontalHeader()->mapToGlobal(pos));
}

void TrackView::keyPressEvent(QKeyEvent *event)
{
    if ((event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter) 
        && !(event->modifiers() & (Qt::ShiftModifier | Qt::ControlModifier))) { // those queue (see PlaybackController)
        if (currentIndex().isValid())
            Q_EMIT playRequested(currentIndex().row());
        return;
    }
    if (event->matches(QKeySequence::Delete) || event->key() == Qt::Key_Backspace) {
        Q_EMIT deleteRequested();
        return;
    }
    QTableView::keyPressEvent(event);
}

void TrackView::contextMenuEvent(QContextMenuEvent *event)
{
    if (!selectionModel()->hasSelection())
        return;
    Q_EMIT contextMenuRequested(event->globalPos());
}

} // namespace ekn

namespace ekn {

void TrackView::setNoMatchSearch(const QString &search)
{
    if (search == m_noMatchSearch)
        return;
    m_noMatchSearch = search;
    viewport()->update();
}

QString TrackView::noMatchText() const
{
    if (m_noMatchSearch.isEmpty() || m_model->rowCount() > 0)
        return {};
    // A filter that could not be read (rating:9) is why nothing is shown, not "no match".
    const QString unreadable = SearchQuery::parse(m_noMatchSearch).error;
    const QString first = unreadable.isEmpty() ? tr("No tracks match \u201c%1\u201d.").arg(m_noMatchSearch) : unreadable;
    return first + QLatin1Char('\n')
        + tr("Words match the start of titles, artists, albums and genres. Narrow a search with artist:, "
             "album:, album_artist:, genre:, title:, year:2001 or year:1990-1999, and by how you listen with "
             "rating:>=4, plays:>10, skipped:>2, played:<30d or added:<7d; put \"quotes\" around a phrase.");
}

void TrackView::setReadFailure(const QString &message)
{
    if (message == m_readFailure)
        return;
    m_readFailure = message;
    viewport()->update();
}

QString TrackView::readFailureText() const
{
    if (m_readFailure.isEmpty())
        return {};
    return m_readFailure + QLatin1Char('\n')
        + tr("The list could not be read, so it is not shown. Nothing in the library was changed. "
             "Choose the view again to retry; if it keeps failing, the library file may be damaged.");
}

void TrackView::paintEvent(QPaintEvent *event)
{
    QTableView::paintEvent(event);
    const QString failure = readFailureText();
    const QString text = failure.isEmpty() ? noMatchText() : failure;
    if (text.isEmpty())
        return;
    QPainter p(viewport());
    // a failure in the text's own colour; the hint of an empty search greyed
    p.setPen(palette().color(failure.isEmpty() ? QPalette::Disabled : QPalette::Active, QPalette::Text));
    const QRect area = viewport()->rect().adjusted(24, 24, -24, -24);
    p.drawText(area, Qt::AlignHCenter | Qt::AlignTop | Qt::TextWordWrap, text);
}

} // namespace ekn
