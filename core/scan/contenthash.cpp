#include "scan/contenthash.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QFile>

#include <algorithm>
#include <cstring>

namespace ekn {

namespace {

constexpr qint64 kWindow = 64 * 1024;
constexpr int kMaxHeaderPages = 4096; // an Ogg stream whose headers run longer is not parsed

quint64 mix(quint64 z)
{
    // splitmix64 finalizer
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

// Stored in the library, synced, and compared across runs, machines and Qt versions, so the
// function is spelled out here (qHashBits may pick AES-based hashing at run time). Not
// cryptographic: it only has to tell different audio apart, two independent 64-bit lanes.
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
    return QStringLiteral("%1%2").arg(mix(a), 16, 16, QLatin1Char('0')).arg(mix(b ^ a), 16, 16, QLatin1Char('0'));
}

quint32 be32(const char *p)
{
    const auto *u = reinterpret_cast<const uchar *>(p);
    return (quint32(u[0]) << 24) | (quint32(u[1]) << 16) | (quint32(u[2]) << 8) | quint32(u[3]);
}

quint32 le32(const char *p)
{
    const auto *u = reinterpret_cast<const uchar *>(p);
    return (quint32(u[3]) << 24) | (quint32(u[2]) << 16) | (quint32(u[1]) << 8) | quint32(u[0]);
}

quint64 be64(const char *p)
{
    return (quint64(be32(p)) << 32) | be32(p + 4);
}

quint64 le64(const char *p)
{
    return (quint64(le32(p + 4)) << 32) | le32(p);
}

// Positioned reads on one unbuffered file: every read is one syscall, nothing read twice.
class Reader
{
public:
    explicit Reader(const QString &path)
        : m_file(path)
    {
    }
    bool open()
    {
        if (!m_file.open(QIODevice::ReadOnly | QIODevice::Unbuffered))
            return false;
        m_size = m_file.size();
        return true;
    }
    QString errorString() const { return m_file.errorString(); }
    qint64 size() const { return m_size; }
    // Exactly n bytes at pos, or an empty array.
    QByteArray at(qint64 pos, qint64 n)
    {
        if (pos < 0 || n <= 0 || pos + n > m_size || !m_file.seek(pos))
            return {};
        QByteArray out(n, Qt::Uninitialized);
        qint64 got = 0;
        while (got < n) {
            const qint64 r = m_file.read(out.data() + got, n - got);
            if (r <= 0)
                return {};
            got += r;
        }
        return out;
    }

private:
    QFile m_file;
    qint64 m_size = 0;
};

// Where the audio is: [start, end), and whether it is made of Ogg pages.
struct Payload
{
    qint64 start = 0;
    qint64 end = 0;
    bool ogg = false;
    const char *kind = "raw";
};

qint64 skipId3v2(Reader &r, qint64 pos)
{
    for (;;) {
        const QByteArray h = r.at(pos, 10);
        if (h.size() < 10 || !h.startsWith("ID3") || uchar(h[3]) == 0xff)
            return pos;
        const qint64 size = (qint64(h[6] & 0x7f) << 21) | (qint64(h[7] & 0x7f) << 14) | (qint64(h[8] & 0x7f) << 7)
            | qint64(h[9] & 0x7f);
        pos += 10 + size + ((h[5] & 0x10) ? 10 : 0);
    }
}

// Trailing ID3v1 and APEv2 tags (in either order), as MP3, WavPack, Musepack and APE carry.
qint64 stripTrailingTags(Reader &r, qint64 start, qint64 end)
{
    for (;;) {
        if (end - start >= 128 && r.at(end - 128, 3) == "TAG") {
            end -= 128;
            continue;
        }
        const QByteArray footer = end - start >= 32 ? r.at(end - 32, 32) : QByteArray();
        if (footer.startsWith("APETAGEX")) {
            const qint64 size = le32(footer.constData() + 12) + ((le32(footer.constData() + 20) & 0x80000000u) ? 32 : 0);
            if (size < 32 || size > end - start)
                return end;
            end -= size;
            continue;
        }
        return end;
    }
}

bool flacPayload(Reader &r, Payload &p)
{
    qint64 pos = p.start + 4;
    for (;;) {
        const QByteArray h = r.at(pos, 4);
        if (h.size() < 4)
            return false;
        pos += 4 + (be32(h.constData()) & 0xffffff);
        if (h[0] & 0x80)
            break;
    }
    if (pos > p.end)
        return false;
    p.start = pos;
    p.kind = "flac";
    return true;
}

// Number of header packets before the audio, from the first packet of the stream; -1 when
// the codec is unknown (then the pages with granule position 0 are taken as headers).
int oggHeaderPackets(const QByteArray &first)
{
    if (first.startsWith("\x01vorbis"))
        return 3;
    if (first.startsWith("OpusHead"))
        return 2;
    if (first.startsWith("\x7f" "FLAC") && first.size() >= 9) {
        const int blocks = (uchar(first[7]) << 8) | uchar(first[8]);
        return blocks > 0 ? 1 + blocks : -1;
    }
    if (first.startsWith("Speex   ") && first.size() >= 72)
        return 2 + int(le32(first.constData() + 68));
    return -1;
}

bool oggPayload(Reader &r, Payload &p)
{
    qint64 pos = p.start;
    int headers = 0;
    int packets = 0;
    for (int page = 0; page < kMaxHeaderPages; ++page) {
        const QByteArray h = r.at(pos, 27);
        if (h.size() < 27 || !h.startsWith("OggS"))
            return false;
        const int segments = uchar(h[26]);
        const QByteArray table = r.at(pos + 27, segments);
        if (table.size() < segments)
            return false;
        qint64 body = 0;
        for (char lace : table) {
            body += uchar(lace);
            if (uchar(lace) < 255)
                ++packets;
        }
        if (page == 0)
            headers = oggHeaderPackets(r.at(pos + 27 + segments, std::min<qint64>(body, 80)));
        const bool granuleZero = le64(h.constData() + 6) == 0;
        if (headers < 0 && !granuleZero && page > 0) {
            p.start = pos; // the first page that carries audio
            break;
        }
        pos += 27 + segments + body;
        if (headers >= 0 && packets >= headers) {
            p.start = pos; // audio starts on a fresh page after the last header packet
            break;
        }
    }
    if (p.start > p.end || pos > p.end)
        return false;
    p.ogg = true;
    p.kind = "ogg";
    return true;
}

// Chunked containers: RIFF/WAVE (little endian, "data") and IFF/AIFF (big endian, "SSND").
bool chunkPayload(Reader &r, Payload &p, bool bigEndian, const char *want)
{
    qint64 pos = p.start + 12;
    while (pos + 8 <= p.end) {
        const QByteArray h = r.at(pos, 8);
        if (h.size() < 8)
            return false;
        const qint64 size = bigEndian ? be32(h.constData() + 4) : le32(h.constData() + 4);
        if (h.startsWith(want)) {
            p.start = pos + 8;
            p.end = std::min(p.end, pos + 8 + size);
            p.kind = bigEndian ? "aiff" : "wav";
            return true;
        }
        pos += 8 + size + (size & 1);
    }
    return false;
}

bool mp4Payload(Reader &r, Payload &p)
{
    qint64 pos = p.start;
    while (pos + 8 <= p.end) {
        const QByteArray h = r.at(pos, 16 <= p.end - pos ? 16 : 8);
        if (h.size() < 8)
            return false;
        qint64 size = be32(h.constData());
        qint64 header = 8;
        if (size == 1 && h.size() == 16) {
            size = qint64(be64(h.constData() + 8));
            header = 16;
        } else if (size == 0) {
            size = p.end - pos;
        }
        if (size < header)
            return false;
        if (h.mid(4, 4) == "mdat") {
            p.start = pos + header;
            p.end = std::min(p.end, pos + size);
            p.kind = "mp4";
            return true;
        }
        pos += size;
    }
    return false;
}

const char kAsfHeader[] = "\x30\x26\xb2\x75\x8e\x66\xcf\x11\xa6\xd9\x00\xaa\x00\x62\xce\x6c";
const char kAsfData[] = "\x36\x26\xb2\x75\x8e\x66\xcf\x11\xa6\xd9\x00\xaa\x00\x62\xce\x6c";

bool asfPayload(Reader &r, Payload &p)
{
    qint64 pos = p.start;
    while (pos + 24 <= p.end) {
        const QByteArray h = r.at(pos, 24);
        if (h.size() < 24)
            return false;
        const qint64 size = qint64(le64(h.constData() + 16));
        if (size < 24)
            return false;
        if (std::memcmp(h.constData(), kAsfData, 16) == 0) {
            p.start = pos;
            p.end = std::min(p.end, pos + size);
            p.kind = "asf";
            return true;
        }
        pos += size;
    }
    return false;
}

Payload locatePayload(Reader &r)
{
    Payload p;
    p.start = skipId3v2(r, 0);
    p.end = r.size();
    const QByteArray magic = r.at(p.start, 16);
    Payload found = p;
    bool ok = false;
    if (magic.startsWith("fLaC"))
        ok = flacPayload(r, found);
    else if (magic.startsWith("OggS"))
        ok = oggPayload(r, found);
    else if (magic.startsWith("RIFF") && magic.mid(8, 4) == "WAVE")
        ok = chunkPayload(r, found, false, "data");
    else if (magic.startsWith("FORM") && (magic.mid(8, 4) == "AIFF" || magic.mid(8, 4) == "AIFC"))
        ok = chunkPayload(r, found, true, "SSND");
    else if (magic.mid(4, 4) == "ftyp")
        ok = mp4Payload(r, found);
    else if (magic.size() == 16 && std::memcmp(magic.constData(), kAsfHeader, 16) == 0)
        ok = asfPayload(r, found);
    if (ok)
        return found;
    p.end = std::max(p.start, stripTrailingTags(r, p.start, p.end));
    p.start = std::min(p.start, p.end);
    return p;
}

// Page bodies of the Ogg pages from the first page at or after `from`, up to n bytes.
void appendOggBodies(Reader &r, const Payload &p, qint64 from, qint64 n, QByteArray &out)
{
    const QByteArray area = r.at(from, std::min<qint64>(kWindow, p.end - from));
    const qsizetype sync = area.indexOf("OggS");
    if (sync < 0)
        return;
    qint64 pos = from + sync;
    qint64 taken = 0;
    while (taken < n && pos + 27 <= p.end) {
        const QByteArray h = r.at(pos, 27);
        if (!h.startsWith("OggS"))
            return;
        const int segments = uchar(h[26]);
        const QByteArray table = r.at(pos + 27, segments);
        qint64 body = 0;
        for (char lace : table)
            body += uchar(lace);
        const qint64 take = std::min(body, n - taken);
        out += r.at(pos + 27 + segments, take);
        taken += take;
        pos += 27 + segments + body;
    }
}

void appendWindow(Reader &r, const Payload &p, qint64 from, qint64 n, QByteArray &out)
{
    if (p.ogg)
        appendOggBodies(r, p, from, n, out);
    else
        out += r.at(from, n);
}

} // namespace

QString audioHashPrefix()
{
    return QStringLiteral("a1:");
}

Result<QString> audioHash(const QString &path)
{
    Reader r(path);
    if (!r.open())
        return Failure{QCoreApplication::translate("ekn::FolderScanner", "cannot open the file: %1").arg(r.errorString().toLower())};
    const Payload p = locatePayload(r);
    const qint64 length = p.end - p.start;
    QByteArray bytes = QByteArray("a1|") + p.kind + '|' + QByteArray::number(length) + '|';
    bytes.reserve(bytes.size() + 3 * kWindow);
    // Start, middle and end of the payload, each placed relative to its start so that a grown
    // tag in front of it shifts nothing.
    if (length <= 3 * kWindow) {
        appendWindow(r, p, p.start, length, bytes);
    } else {
        appendWindow(r, p, p.start, kWindow, bytes);
        appendWindow(r, p, p.start + length / 2 - kWindow / 2, kWindow, bytes);
        appendWindow(r, p, p.end - kWindow, kWindow, bytes);
    }
    return QString(audioHashPrefix() + stableHash128(bytes));
}

} // namespace ekn
