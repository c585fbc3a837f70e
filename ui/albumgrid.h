#pragma once

#include "library/albumstore.h"

#include <QListView>

namespace ekn {

class AlbumModel;

// Albums as a grid of covers with title, album artist, year and track count (QListView in
// icon mode with one item size for all, so 8,000 albums lay out and scroll without measuring
// each). Double-click or Enter opens an album.
class AlbumGrid : public QListView
{
    Q_OBJECT
public:
    explicit AlbumGrid(AlbumModel *model, QWidget *parent = nullptr);

    AlbumModel *albumModel() const { return m_model; }

Q_SIGNALS:
    void albumOpened(const ekn::Album &album);

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    AlbumModel *m_model;
    QString m_emptyText;
};

} // namespace ekn
