#include "tagchanges.h"

#include <QDir>

namespace ekn {

FileWriteReport writeEditToFiles(const QList<Track> &tracks, const TrackEdit &edit)
{
    FileWriteReport report;
    for (const Track &t : tracks) {
        const QString error = TagWriter::write(t.filePath, tagChangesOf(t, edit));
        if (!error.isEmpty() && ++report.failed == 1)
            report.firstFailure =
                QStringLiteral("%1: %2").arg(QDir::toNativeSeparators(t.filePath), error);
    }
    return report;
}

} // namespace ekn
