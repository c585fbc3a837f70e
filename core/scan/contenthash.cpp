#include "scan/contenthash.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QFile>

namespace ekn {

namespace {

constexpr qint64 kHashChunk = 16 * 1024;

quint64 mix(quint64 z)
{
    // splitmix64 finalizer
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

// Stored in the library and compared across runs, machines and Qt versions, so the function
// is spelled out here (qHashBits may pick AES-based hashing at run time). Not cryptographic:
// it only has to tell different audio files apart, two independent 64-bit lanes.
QString stableHash128(const QByteArray &bytes)
{
    quint64 a = 0x243f6a8885a308d3ULL ^ quint64(bytes.size());
    quint64 b = 0x13198a2e03707344ULL;
    const uchar *p = reinterpret_cast<const uchar *>(bytes.constData());
    const qsizetype n = bytes.size();
    qsizetype i = 0;
    for (; i + 8 <= n; i += 8) {
        quint64 w = 0;
        for (int k = 0; k < 8; ++k)
            w |= quint64(p[i + k]) << (8 * k);
        a = (a ^ w) * 0x100000001b3ULL + 0x9e3779b97f4a7c15ULL;
        b = ((b ^ (w >> 29) ^ (w << 35)) + 0xc2b2ae3d27d4eb4fULL) * 0x165667b19e3779f9ULL;
    }
    for (; i < n; ++i) {
        a = (a ^ p[i]) * 0x100000001b3ULL;
        b = (b + p[i]) * 0x165667b19e3779f9ULL;
    }
    return QString::number(mix(a), 16) + QLatin1Char('-') + QString::number(mix(b ^ a), 16);
}

} // namespace

// Size + first and last 16 KiB: cheap, and enough to recognise a file that was moved or
// renamed (its bytes did not change): the head holds the tags, the tail differs per track.
QString contentHash(const QString &path, qint64 size, QString *error)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        *error = QCoreApplication::translate("ekn::FolderScanner", "cannot open the file: %1")
                     .arg(f.errorString().toLower());
        return {};
    }
    QByteArray bytes = QByteArray::number(size) + f.read(kHashChunk);
    if (size > 2 * kHashChunk && f.seek(size - kHashChunk))
        bytes += f.read(kHashChunk);
    return stableHash128(bytes);
}

} // namespace ekn
