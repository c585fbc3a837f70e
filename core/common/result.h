#pragma once

#include <QString>
#include <QtGlobal>

#include <optional>
#include <utility>

namespace ekn {

// A failure of a read or a write, with a sentence a person can act on ("cannot read the
// library: database is locked"). Converts to any Result<T>.
struct Failure
{
    QString message;
};

// What a read returns: a value, or why there is none. An error is never an empty result
// (docs/ARCHITECTURE.md "Errors"): a caller that gets a Result must look at it
// ([[nodiscard]]), and value() of a failure is a bug that stops the program with the failure's
// message (in release builds too), never a silent empty list or a read of nothing.
//
//   Result<QList<Track>> r = store.allTracks();
//   if (!r)
//       return Failure{r.error()};
//   for (const Track &t : *r) ...
template <class T>
class [[nodiscard]] Result
{
public:
    Result(T value) // NOLINT(google-explicit-constructor): `return tracks;` reads naturally
        : m_value(std::move(value))
    {
    }
    Result(Failure failure) // NOLINT(google-explicit-constructor)
        : m_error(std::move(failure.message))
    {
        if (m_error.isEmpty())
            m_error = QStringLiteral("unknown error");
    }

    bool ok() const { return m_value.has_value(); }
    explicit operator bool() const { return ok(); }
    // Why it failed (empty when ok()).
    const QString &error() const { return m_error; }

    const T &value() const &
    {
        check();
        return *m_value;
    }
    T &value() &
    {
        check();
        return *m_value;
    }
    T &&value() &&
    {
        check();
        return std::move(*m_value);
    }
    const T &operator*() const & { return value(); }
    T &operator*() & { return value(); }
    T &&operator*() && { return std::move(*this).value(); }
    const T *operator->() const { return &value(); }
    T *operator->() { return &value(); }

private:
    void check() const
    {
        if (Q_UNLIKELY(!ok()))
            qFatal("value() of a failed Result: %s", qUtf8Printable(m_error));
    }

    std::optional<T> m_value;
    QString m_error;
};

// A write or a step that returns nothing but can fail.
struct Done
{
};
using Status = Result<Done>;

} // namespace ekn
