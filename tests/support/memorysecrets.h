#pragma once

#include "account/tokenstore.h"

#include <QHash>
#include <QMutex>

namespace ekn::test {

// Session secrets in this process's memory, for the load generator's simulated desktops
// (tests/load): a thousand of them would otherwise put a thousand secrets into the one
// Secret Service of the machine, which is then what gets measured. Tests only; the apps keep
// secrets in the OS keychain (TokenStore's default backend) and cannot link this.
class MemorySecrets : public TokenStore::Backend
{
public:
    Status write(const QString &key, const QByteArray &secret) const override
    {
        QMutexLocker l(&m_lock);
        m_secrets.insert(key, secret);
        return Done{};
    }

    Result<std::optional<QByteArray>> read(const QString &key) const override
    {
        QMutexLocker l(&m_lock);
        const auto it = m_secrets.constFind(key);
        if (it == m_secrets.constEnd())
            return std::optional<QByteArray>();
        return std::optional<QByteArray>(it.value());
    }

    Result<bool> remove(const QString &key) const override
    {
        QMutexLocker l(&m_lock);
        return m_secrets.remove(key);
    }

    qsizetype size() const
    {
        QMutexLocker l(&m_lock);
        return m_secrets.size();
    }

private:
    mutable QMutex m_lock;
    mutable QHash<QString, QByteArray> m_secrets;
};

} // namespace ekn::test
