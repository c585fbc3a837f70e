#include "syncfixture.h"

#include "library/trackwriter.h"
#include "sync/synchronizer.h"

#include <QSqlQuery>
#include <QUuid>

using namespace ekn;

Device::Device(const QString &name, const QUrl &server)
    : m_name(name)
{
    m_library = std::make_unique<LibraryDatabase>(LibraryDatabase::fileNameIn(m_dir.path()));
    m_library->open();
    ServerConnection conn = ServerConnection::fromUrl(server);
    m_account = std::make_unique<AccountClient>(
        conn, TokenStore(QStringLiteral("EKNMusic-test-") + name + QUuid::createUuid().toString(QUuid::Id128)));
}

Device::~Device()
{
    if (m_account && m_account->isSignedIn())
        m_account->signOut();
}

bool Device::signIn(const QString &email, const QString &password)
{
    return m_account->signIn(email, password).ok();
}

SyncReport Device::sync(int pushBatch, int pullPage)
{
    Synchronizer s(*m_library, *m_account);
    s.pushBatchSize = pushBatch;
    s.pullPageSize = pullPage;
    return s.run();
}

QStringList Device::addTracks(int n, const QString &prefix)
{
    TrackWriter writer(m_library->connection());
    QStringList ids;
    writer.begin();
    for (int i = 0; i < n; ++i) {
        ScannedFile f;
        f.path = QStringLiteral("/music/%1/%2 %3.flac").arg(m_name, prefix).arg(i);
        f.nfcPath = f.path;
        f.size = 1000 + i;
        f.mtime = 1700000000000 + i;
        f.contentHash = QStringLiteral("%1-%2").arg(prefix).arg(i);
        f.info.title = QStringLiteral("%1 %2").arg(prefix).arg(i);
        f.info.artist = QStringLiteral("Artist %1").arg(i % 7);
        f.info.album = QStringLiteral("Album %1").arg(i % 13);
        f.info.format = QStringLiteral("flac");
        f.info.durationMs = 180000 + i;
        f.info.fileSize = f.size;
        f.info.sampleRate = 44100;
        f.info.channels = 2;
        f.info.extra = {{QStringLiteral("MOOD"), QStringLiteral("calm")}};
        ids << writer.insertTrack(f);
    }
    writer.commit();
    return ids;
}

QString Device::scalar(const QString &sql)
{
    QSqlQuery q(m_library->connection());
    if (q.exec(sql) && q.next())
        return q.value(0).toString();
    return {};
}

int Device::outboxSize()
{
    return scalar(QStringLiteral("SELECT count(*) FROM outbox")).toInt();
}

QString Device::trackTitle(const QString &id)
{
    return scalar(QStringLiteral("SELECT title FROM music_tracks WHERE id = '%1'").arg(id));
}

bool SyncServer::setUpServer()
{
    if (!setUp())
        return false;
    setSetting(QStringLiteral("bcrypt_cost"), 4);
    return registerUser(email());
}

bool SyncServer::registerUser(const QString &email)
{
    AccountClient c(ServerConnection::fromUrl(clientUrl()),
                    TokenStore(QStringLiteral("EKNMusic-test-reg-") + QUuid::createUuid().toString(QUuid::Id128)));
    const bool ok = c.registerAccount(email, QStringLiteral("syncer"), password()).ok();
    if (ok)
        c.signOut();
    return ok;
}

QSqlDatabase SyncServer::clientOnThisThread(const QString &name) const
{
    const QUrl u = clientUrl();
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), name);
    db.setHostName(u.host());
    db.setPort(u.port(5432));
    db.setUserName(u.userName());
    db.setPassword(u.password());
    db.setDatabaseName(u.path().mid(1));
    db.open();
    return db;
}
