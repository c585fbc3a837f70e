#include "library/smartplaylist.h"

#include "common/logging.h"
#include "library/librarydatabase.h"
#include "library/searchfallback.h"
#include "library/searchquery.h"
#include "library/trackrow.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>

namespace ekn {

namespace {

const QLatin1String kPrefix("eknmusic-smart:1 ");

// Each order's SQL on music_tracks t; ties fall back to title and id so the order is stable.
QString orderColumn(const QString &order)
{
    if (order == QLatin1String("title"))
        return QStringLiteral("t.title COLLATE NOCASE");
    if (order == QLatin1String("artist"))
        return QStringLiteral("t.artist COLLATE NOCASE");
    if (order == QLatin1String("album"))
        return QStringLiteral("t.album COLLATE NOCASE");
    if (order == QLatin1String("year"))
        return QStringLiteral("json_extract(t.metadata, '$.year')");
    if (order == QLatin1String("duration"))
        return QStringLiteral("t.duration");
    if (order == QLatin1String("added"))
        return QStringLiteral("julianday(t.created_at)");
    if (order == QLatin1String("played"))
        return QStringLiteral("julianday(t.last_played)");
    if (order == QLatin1String("plays"))
        return QStringLiteral("COALESCE(t.play_count, 0)");
    if (order == QLatin1String("skips"))
        return QStringLiteral("COALESCE(t.skip_count, 0)");
    if (order == QLatin1String("rating"))
        return QStringLiteral("COALESCE(t.rating, 0)");
    return {};
}

} // namespace

QStringList SmartRule::orders()
{
    return {QStringLiteral("title"),  QStringLiteral("artist"), QStringLiteral("album"),
            QStringLiteral("year"),   QStringLiteral("duration"), QStringLiteral("added"),
            QStringLiteral("played"), QStringLiteral("plays"),  QStringLiteral("skips"),
            QStringLiteral("rating"), QStringLiteral("random")};
}

bool SmartRule::setOrder(const QString &spec)
{
    const QStringList parts = spec.trimmed().toLower().split(QLatin1Char(':'));
    if (spec.trimmed().isEmpty()) {
        order.clear();
        descending = false;
        return true;
    }
    if (parts.size() > 2 || !orders().contains(parts[0]))
        return false;
    const QString direction = parts.value(1);
    if (!direction.isEmpty() && direction != QLatin1String("asc") && direction != QLatin1String("desc"))
        return false;
    order = parts[0];
    descending = direction == QLatin1String("desc");
    return true;
}

QString SmartRule::orderSpec() const
{
    if (order.isEmpty() || order == QLatin1String("random"))
        return order;
    return order + (descending ? QStringLiteral(":desc") : QStringLiteral(":asc"));
}

QString SmartRule::validate() const
{
    const SearchQuery parsed = SearchQuery::parse(query);
    if (!parsed.error.isEmpty())
        return parsed.error;
    if (!order.isEmpty() && !orders().contains(order))
        return QCoreApplication::translate("ekn::SmartRule",
                                           "%1 is not an order a smart playlist knows (%2)")
            .arg(order, orders().join(QStringLiteral(", ")));
    if (limit < 0 || limit > kMaxLimit)
        return QCoreApplication::translate("ekn::SmartRule",
                                           "a smart playlist's limit is a number from 0 (no "
                                           "limit) to %1, not %2")
            .arg(kMaxLimit)
            .arg(limit);
    return {};
}

QString SmartRule::toDescription() const
{
    QJsonObject o{{QStringLiteral("query"), query}};
    if (!order.isEmpty())
        o.insert(QStringLiteral("order"), orderSpec());
    if (limit > 0)
        o.insert(QStringLiteral("limit"), limit);
    return kPrefix + QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

bool SmartRule::isSmartDescription(const QString &description)
{
    return description.startsWith(kPrefix);
}

std::optional<SmartRule> SmartRule::fromDescription(const QString &description)
{
    if (!isSmartDescription(description))
        return std::nullopt;
    const QJsonObject o = QJsonDocument::fromJson(description.mid(kPrefix.size()).toUtf8()).object();
    SmartRule rule;
    rule.query = o.value(QLatin1String("query")).toString();
    // An order this build does not know (a newer app's) falls back to the library's order.
    if (!rule.setOrder(o.value(QLatin1String("order")).toString()))
        rule.setOrder({});
    rule.limit = std::clamp(o.value(QLatin1String("limit")).toInt(), 0, kMaxLimit);
    return rule;
}

SmartPlaylist::SmartPlaylist(const LibraryDatabase &db)
    : m_db(db)
{
}

Result<QList<Track>> SmartPlaylist::tracks(const SmartRule &rule) const
{
    if (const QString bad = rule.validate(); !bad.isEmpty())
        return Failure{bad};
    const SearchQuery parsed = SearchQuery::parse(rule.query);
    const Result<SearchFallback::Condition> where
        = SearchFallback::trackCondition(m_db.connection(), parsed, QDateTime::currentDateTimeUtc());
    if (!where)
        return Failure{QCoreApplication::translate("ekn::SmartPlaylist", "cannot work out the smart playlist: %1")
                           .arg(where.error())};
    const QVariantList &binds = where->binds;
    QString sql = trackSelectSql() + QStringLiteral(" WHERE ") + where->sql;
    if (rule.order == QLatin1String("random"))
        sql += QStringLiteral(" ORDER BY random()");
    else if (!rule.order.isEmpty())
        sql += QStringLiteral(" ORDER BY %1 %2, t.title COLLATE NOCASE, t.id")
                   .arg(orderColumn(rule.order), rule.descending ? QStringLiteral("DESC") : QString());
    else
        sql += trackOrderSql();
    if (rule.limit > 0)
        sql += QStringLiteral(" LIMIT %1").arg(rule.limit);

    QSqlQuery q(m_db.connection());
    q.setForwardOnly(true);
    const bool prepared = q.prepare(sql);
    for (const QVariant &b : std::as_const(binds))
        q.addBindValue(b);
    if (!prepared || !q.exec()) {
        qCWarning(lcLibrary) << "smart playlist query failed:" << q.lastError().text();
        return Failure{QCoreApplication::translate("ekn::SmartPlaylist",
                                                   "cannot work out the smart playlist: %1")
                           .arg(q.lastError().text())};
    }
    QList<Track> out;
    while (q.next())
        out << trackFromQuery(q);
    return out;
}

} // namespace ekn
