#pragma once

#include <QString>

namespace ekn {

// Identity of a file's bytes for recognising moves: size + first and last 16 KiB, hashed to
// 128 bits. Empty with *error set ("cannot open the file: permission denied") when unreadable.
QString contentHash(const QString &path, qint64 size, QString *error);

} // namespace ekn
