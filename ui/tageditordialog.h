#pragma once

#include "library/track.h"

#include <QDialog>
#include <QHash>

class QCheckBox;
class QDialogButtonBox;
class QGridLayout;
class QLabel;
class QLineEdit;

namespace ekn {

// Edits the tags of one track or many. A field whose value differs between the tracks shows
// "(different values)" and is left alone unless typed over; only fields the user changed end
// up in edit(). Bad values (an empty title, a year that is not a number) are refused with a
// message under the field and the dialog stays open.
class TagEditorDialog : public QDialog
{
    Q_OBJECT
public:
    enum Field { Title, Artist, Album, AlbumArtist, Genre, Composer, Year, TrackNumber, TrackTotal,
                 DiscNumber, DiscTotal, Comment, Rating, FieldCount };

    explicit TagEditorDialog(const QList<Track> &tracks, QWidget *parent = nullptr);

    // The changes to apply (only the fields the user changed).
    TrackEdit edit() const;
    bool writeToFiles() const;
    // Whether writing to files can be offered (off when the build has no tag writer).
    void setWriteToFilesAvailable(bool available, const QString &why = {});

    QLineEdit *field(Field f) const { return m_edits.value(f); }
    QLabel *errorLabel(Field f) const { return m_errors.value(f); }

    void accept() override;

private:
    void addField(QGridLayout *grid, int row, int column, Field f, const QString &label, int span = 1);
    QString valueOf(const Track &t, Field f) const;
    bool validate();
    void loadCover(const QList<Track> &tracks);

    QList<Track> m_tracks;
    QHash<int, QLineEdit *> m_edits;
    QHash<int, QLabel *> m_errors;
    QHash<int, bool> m_mixed;
    QHash<int, QString> m_original;
    QLabel *m_cover;
    QLabel *m_summary;
    QCheckBox *m_writeFiles;
    QDialogButtonBox *m_buttons;
};

} // namespace ekn
