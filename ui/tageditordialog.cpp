#include "tageditordialog.h"

#include "themeicons.h"

#include "library/trackstore.h"
#include "tags/tags.h"

#include <QBuffer>
#include <QCheckBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileInfo>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QImage>
#include <QImageReader>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPointer>
#include <QPushButton>
#include <QThreadPool>
#include <QVBoxLayout>

namespace ekn {

namespace {
constexpr int kCoverSize = 160;

bool isNumericField(int f)
{
    return f == TagEditorDialog::Year || f == TagEditorDialog::TrackNumber || f == TagEditorDialog::TrackTotal
        || f == TagEditorDialog::DiscNumber || f == TagEditorDialog::DiscTotal || f == TagEditorDialog::Rating;
}
} // namespace

TagEditorDialog::TagEditorDialog(const QList<Track> &tracks, QWidget *parent)
    : QDialog(parent)
    , m_tracks(tracks)
    , m_cover(new QLabel(this))
    , m_summary(new QLabel(this))
    , m_writeFiles(new QCheckBox(tr("Also write the changes into the files"), this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this))
{
    setObjectName(QStringLiteral("tagEditor"));
    setWindowTitle(tracks.size() == 1
                       ? tr("Edit Tags \u2014 %1").arg(tracks.first().title)
                       : tr("Edit Tags \u2014 %n Track(s)", nullptr, int(tracks.size())));

    auto *grid = new QGridLayout;
    grid->setHorizontalSpacing(10);
    grid->setVerticalSpacing(2);
    addField(grid, 0, 0, Title, tr("&Title"), 3);
    addField(grid, 2, 0, Artist, tr("&Artist"), 3);
    addField(grid, 4, 0, Album, tr("Al&bum"), 3);
    addField(grid, 6, 0, AlbumArtist, tr("Album a&rtist"), 3);
    addField(grid, 8, 0, Genre, tr("&Genre"));
    addField(grid, 8, 2, Year, tr("&Year"));
    addField(grid, 10, 0, TrackNumber, tr("Trac&k"));
    addField(grid, 10, 2, TrackTotal, tr("of"));
    addField(grid, 12, 0, DiscNumber, tr("&Disc"));
    addField(grid, 12, 2, DiscTotal, tr("of"));
    addField(grid, 14, 0, Composer, tr("C&omposer"), 3);
    addField(grid, 16, 0, Comment, tr("Co&mment"), 3);
    addField(grid, 18, 0, Rating, tr("Rat&ing"));
    m_edits.value(Rating)->setToolTip(tr("Stars from 0 to 5, half stars like 3.5; empty for no rating."));

    m_cover->setObjectName(QStringLiteral("coverArt"));
    m_cover->setFixedSize(kCoverSize, kCoverSize);
    m_cover->setAlignment(Qt::AlignCenter);
    m_cover->setFrameShape(QFrame::StyledPanel);
    m_cover->setPixmap(ThemeIcons::icon(QStringLiteral("album")).pixmap(QSize(96, 96)));
    m_summary->setWordWrap(true);
    m_summary->setMaximumWidth(kCoverSize);
    m_summary->setEnabled(false);
    if (tracks.size() == 1) {
        const Track &t = tracks.first();
        m_summary->setText(tr("%1 \u00b7 %2 kbps \u00b7 %3").arg(t.format.toUpper()).arg(t.bitrate).arg(QFileInfo(t.filePath).fileName()));
    } else {
        m_summary->setText(tr("%n track(s) selected. Fields showing \u201c(different values)\u201d "
                              "stay as they are unless you type over them.",
                              nullptr, int(tracks.size())));
    }
    auto *side = new QVBoxLayout;
    side->addWidget(m_cover);
    side->addWidget(m_summary);
    side->addStretch();

    auto *top = new QHBoxLayout;
    top->addLayout(side);
    top->addSpacing(12);
    top->addLayout(grid, 1);

    m_writeFiles->setObjectName(QStringLiteral("writeToFiles"));
    m_writeFiles->setToolTip(tr("Only the fields you changed are written; nothing else in the files is touched."));
    m_buttons->button(QDialogButtonBox::Save)->setObjectName(QStringLiteral("saveButton"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &TagEditorDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &TagEditorDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addSpacing(8);
    layout->addWidget(m_writeFiles);
    layout->addWidget(m_buttons);
    resize(640, sizeHint().height());
    loadCover(tracks);
}

void TagEditorDialog::addField(QGridLayout *grid, int row, int column, Field f, const QString &label, int span)
{
    auto *edit = new QLineEdit(this);
    edit->setObjectName(QStringLiteral("field%1").arg(int(f)));
    auto *lbl = new QLabel(label, this);
    lbl->setBuddy(edit);
    auto *error = new QLabel(this);
    error->setObjectName(QStringLiteral("error%1").arg(int(f)));
    QPalette pal = error->palette();
    pal.setColor(QPalette::WindowText, QColor(0xc0, 0x1c, 0x28));
    error->setPalette(pal);
    error->hide();
    grid->addWidget(lbl, row, column, Qt::AlignRight);
    grid->addWidget(edit, row, column + 1, 1, span == 3 ? 3 : 1);
    grid->addWidget(error, row + 1, column + 1, 1, span == 3 ? 3 : 1);
    if (isNumericField(f))
        edit->setMaximumWidth(fontMetrics().averageCharWidth() * 12);

    QString first = m_tracks.isEmpty() ? QString() : valueOf(m_tracks.first(), f);
    bool mixed = false;
    for (const Track &t : std::as_const(m_tracks))
        if (valueOf(t, f) != first) {
            mixed = true;
            break;
        }
    m_mixed.insert(f, mixed);
    m_original.insert(f, mixed ? QString() : first);
    if (mixed) {
        edit->setPlaceholderText(isNumericField(f) ? tr("(mixed)") : tr("(different values)"));
        edit->setToolTip(tr("The selected tracks have different values here; type to set one for all."));
    }
    else
        edit->setText(first);
    edit->setModified(false);
    connect(edit, &QLineEdit::textEdited, this, [error] { error->hide(); });
    m_edits.insert(f, edit);
    m_errors.insert(f, error);
}

QString TagEditorDialog::valueOf(const Track &t, Field f) const
{
    const auto num = [](int n) { return n > 0 ? QString::number(n) : QString(); };
    switch (f) {
    case Title: return t.title;
    case Artist: return t.artist;
    case Album: return t.album;
    case AlbumArtist: return t.albumArtist;
    case Genre: return t.genre;
    case Composer: return t.composer;
    case Comment: return t.comment;
    case Year: return num(t.year);
    case TrackNumber: return num(t.trackNumber);
    case TrackTotal: return num(t.trackTotal);
    case DiscNumber: return num(t.discNumber);
    case DiscTotal: return num(t.discTotal);
    case Rating: return t.rating == Track::kUnrated ? QString() : QLocale().toString(t.rating / 2.0);
    default: return {};
    }
}

bool TagEditorDialog::validate()
{
    bool ok = true;
    const auto refuse = [this, &ok](Field f, const QString &message) {
        m_errors.value(f)->setText(message);
        m_errors.value(f)->show();
        if (ok)
            m_edits.value(f)->setFocus();
        ok = false;
    };
    for (auto it = m_errors.cbegin(); it != m_errors.cend(); ++it)
        it.value()->hide();
    QLineEdit *title = m_edits.value(Title);
    if (title->isModified() && title->text().trimmed().isEmpty())
        refuse(Title, tr("A track needs a title."));
    for (int f : {int(Year), int(TrackNumber), int(TrackTotal), int(DiscNumber), int(DiscTotal)}) {
        QLineEdit *e = m_edits.value(f);
        const QString text = e->text().trimmed();
        if (!e->isModified() || text.isEmpty())
            continue;
        bool isNumber = false;
        const int n = text.toInt(&isNumber);
        if (f == Year) {
            if (!isNumber || n < 1 || n > 9999)
                refuse(Field(f), tr("The year must be a number such as 1997."));
        } else if (!isNumber || n < 1 || n > 9999) {
            refuse(Field(f), tr("Must be a whole number from 1 up."));
        }
    }
    if (QLineEdit *r = m_edits.value(Rating); r->isModified() && !r->text().trimmed().isEmpty()
        && !TrackStore::ratingFromStars(r->text()).ok())
        refuse(Rating, tr("A rating is 0 to 5 stars, half stars like 3.5."));
    // A track number past the total is a typo more often than not.
    const int track = m_edits.value(TrackNumber)->text().toInt();
    const int total = m_edits.value(TrackTotal)->text().toInt();
    if (ok && track > 0 && total > 0 && track > total
        && (m_edits.value(TrackNumber)->isModified() || m_edits.value(TrackTotal)->isModified()))
        refuse(TrackNumber, tr("Track %1 cannot be past the total of %2.").arg(track).arg(total));
    return ok;
}

void TagEditorDialog::accept()
{
    if (!validate())
        return;
    QDialog::accept();
}

TrackEdit TagEditorDialog::edit() const
{
    TrackEdit e;
    const auto changed = [this](Field f) -> std::optional<QString> {
        QLineEdit *edit = m_edits.value(f);
        // Untouched, or typed back to what it was: nothing to change.
        if (!edit->isModified())
            return std::nullopt;
        const QString text = f == Comment ? edit->text() : edit->text().trimmed();
        if (!m_mixed.value(f) && text == m_original.value(f))
            return std::nullopt;
        return text;
    };
    const auto number = [&changed](Field f) -> std::optional<int> {
        const std::optional<QString> v = changed(f);
        if (!v)
            return std::nullopt;
        return v->isEmpty() ? 0 : v->toInt();
    };
    e.title = changed(Title);
    e.artist = changed(Artist);
    e.album = changed(Album);
    e.albumArtist = changed(AlbumArtist);
    e.genre = changed(Genre);
    e.composer = changed(Composer);
    e.comment = changed(Comment);
    e.year = number(Year);
    e.trackNumber = number(TrackNumber);
    e.trackTotal = number(TrackTotal);
    e.discNumber = number(DiscNumber);
    e.discTotal = number(DiscTotal);
    if (const std::optional<QString> stars = changed(Rating)) {
        const Result<int> halves = TrackStore::ratingFromStars(*stars);
        e.rating = stars->isEmpty() || !halves ? Track::kUnrated : *halves;
    }
    return e;
}

bool TagEditorDialog::writeToFiles() const { return m_writeFiles->isEnabled() && m_writeFiles->isChecked(); }

void TagEditorDialog::setWriteToFilesAvailable(bool available, const QString &why)
{
    m_writeFiles->setEnabled(available);
    if (!available) {
        m_writeFiles->setChecked(false);
        m_writeFiles->setToolTip(why);
    }
}

void TagEditorDialog::loadCover(const QList<Track> &tracks)
{
    // The cover embedded in the first file, else an image beside the files (folder.jpg and
    // friends); looked for off the GUI thread. Tracks of several albums have no single cover.
    QStringList folders;
    QString firstFile;
    for (const Track &t : tracks) {
        if (t.filePath.isEmpty())
            continue;
        if (firstFile.isEmpty())
            firstFile = t.filePath;
        const QString dir = QFileInfo(t.filePath).absolutePath();
        if (!folders.contains(dir))
            folders << dir;
        if (folders.size() > 1 || t.album != tracks.first().album)
            return;
    }
    if (folders.isEmpty())
        return;
    QPointer<QLabel> label(m_cover);
    const QString folder = folders.first();
    const qreal dpr = devicePixelRatioF();
    QThreadPool::globalInstance()->start([label, folder, firstFile, dpr] {
        auto scaled = [dpr](QImageReader &reader) {
            reader.setAutoTransform(true);
            const QSize size = reader.size();
            if (!size.isValid())
                return QImage();
            reader.setScaledSize(size.scaled(QSize(kCoverSize, kCoverSize) * dpr, Qt::KeepAspectRatio));
            QImage image = reader.read();
            image.setDevicePixelRatio(dpr);
            return image;
        };
        QImage image;
        const CoverArt embedded = TagReader::readCover(firstFile);
        if (!embedded.isNull()) {
            QBuffer buffer;
            buffer.setData(embedded.data);
            buffer.open(QIODevice::ReadOnly);
            QImageReader reader(&buffer);
            image = scaled(reader);
        }
        const QDir dir(folder);
        const QStringList candidates = dir.entryList({QStringLiteral("cover.*"), QStringLiteral("folder.*"),
                                                      QStringLiteral("front.*"), QStringLiteral("album.*")},
                                                     QDir::Files, QDir::Name | QDir::IgnoreCase);
        for (qsizetype i = 0; image.isNull() && i < candidates.size(); ++i) {
            QImageReader reader(dir.filePath(candidates[i]));
            image = scaled(reader);
        }
        if (image.isNull() || !label)
            return;
        QMetaObject::invokeMethod(label.data(), [label, image] {
            if (label)
                label->setPixmap(QPixmap::fromImage(image));
        }, Qt::QueuedConnection);
    });
}

} // namespace ekn
