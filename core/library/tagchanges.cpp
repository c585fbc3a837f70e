#include "tagchanges.h"

#include <QDir>

namespace ekn {

FileWriteReport writeEditToFiles(const QList<Track> &tracks, const TrackEdit &edit)
{
    FileWriteReport report;
    for (const Track &t : tracks) {
        const Status written = TagWriter::write(t.filePath, tagChangesOf(t, edit));
        if (!written && ++report.failed == 1)
            report.firstFailure =
                QStringLiteral("%1: %2").arg(QDir::toNativeSeparators(t.filePath), written.error());
    }
    return report;
}

} // namespace ekn
