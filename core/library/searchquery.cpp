#include "library/searchquery.h"

#include "common/result.h"

#include <QCoreApplication>
#include <QRegularExpression>
#include <QStringList>

#include <optional>

namespace ekn {

namespace {

QString phrase(const QString &text)
{
    QString escaped = text;
    escaped.replace(QLatin1Char('"'), QLatin1String("\"\""));
    return QLatin1Char('"') + escaped + QStringLiteral("\"*");
}

bool hasWordCharacter(const QString &text)
{
    for (const QChar c : text) {
        if (c.isLetterOrNumber())
            return true;
    }
    return false;
}

QString columnFor(const QString &field)
{
    const QString f = field.toLower();
    if (f == QLatin1String("artist") || f == QLatin1String("album") || f == QLatin1String("genre")
        || f == QLatin1String("title") || f == QLatin1String("album_artist"))
        return f;
    if (f == QLatin1String("albumartist"))
        return QStringLiteral("album_artist");
    return {};
}

// rating: plays: skipped: played: added: (and a few spellings people type).
std::optional<SearchFilter::Field> listeningField(const QString &field)
{
    const QString f = field.toLower();
    if (f == QLatin1String("rating") || f == QLatin1String("stars"))
        return SearchFilter::Field::Rating;
    if (f == QLatin1String("plays") || f == QLatin1String("playcount"))
        return SearchFilter::Field::Plays;
    if (f == QLatin1String("skipped") || f == QLatin1String("skips"))
        return SearchFilter::Field::Skips;
    if (f == QLatin1String("played") || f == QLatin1String("lastplayed"))
        return SearchFilter::Field::Played;
    if (f == QLatin1String("added"))
        return SearchFilter::Field::Added;
    return std::nullopt;
}

// An age such as 30d, 12h, 2w, 6m, 1y (a bare number is days), in seconds; -1 when malformed.
double ageSeconds(const QString &text)
{
    static const QRegularExpression age(QStringLiteral("^(\\d+(?:\\.\\d+)?)([hdwmy]?)$"),
                                        QRegularExpression::CaseInsensitiveOption);
    const QRegularExpressionMatch m = age.match(text);
    if (!m.hasMatch())
        return -1;
    const double n = m.captured(1).toDouble();
    const QChar unit = m.captured(2).isEmpty() ? QLatin1Char('d') : m.captured(2).at(0).toLower();
    const double day = 86400;
    const double perUnit = unit == QLatin1Char('h') ? 3600
        : unit == QLatin1Char('w')                  ? 7 * day
        : unit == QLatin1Char('m')                  ? 30 * day
        : unit == QLatin1Char('y')                  ? 365 * day
                                                    : day;
    return n * perUnit;
}

// One listening filter (`field` already known to be one), or what is wrong with it.
Result<SearchFilter> readFilter(SearchFilter::Field field, const QString &name, const QString &text)
{
    static const QRegularExpression opValue(QStringLiteral("^(<=|>=|<|>|=)?(.+)$"));
    const QRegularExpressionMatch m = opValue.match(text);
    SearchFilter f;
    f.field = field;
    f.op = m.hasMatch() && m.capturedLength(1) ? m.captured(1) : QStringLiteral("=");
    const QString value = m.hasMatch() ? m.captured(2) : QString();
    bool ok = false;
    if (field == SearchFilter::Field::Played || field == SearchFilter::Field::Added) {
        f.value = ageSeconds(value);
        if (f.value < 0 || f.op == QLatin1String("="))
            return Failure{QCoreApplication::translate(
                         "ekn::SearchQuery",
                         "%1:%2 is not a filter I understand: write an age with < or >, such "
                         "as %1:<30d (h, d, w, m, y)")
                         .arg(name, text)};
    } else {
        f.value = value.toDouble(&ok);
        const double most = field == SearchFilter::Field::Rating ? 5 : 1e9;
        if (!ok || f.value < 0 || f.value > most)
            return Failure{field == SearchFilter::Field::Rating
                ? QCoreApplication::translate("ekn::SearchQuery",
                                              "%1:%2 is not a rating: write stars from 0 to 5, "
                                              "such as rating:>=4 or rating:3.5")
                      .arg(name, text)
                : QCoreApplication::translate("ekn::SearchQuery",
                                              "%1:%2 is not a count: write a number, such as "
                                              "%1:>10")
                      .arg(name, text)};
    }
    return f;
}

} // namespace

SearchQuery SearchQuery::parse(const QString &text)
{
    // field:"quoted value" | field:value | "quoted" | word
    static const QRegularExpression token(
        QStringLiteral("([A-Za-z_]+):\"([^\"]*)\"?|([A-Za-z_]+):(\\S+)|\"([^\"]*)\"?|(\\S+)"));
    // year:1990-1999 and year:1990..1999 (the README's spelling) are the same range.
    static const QRegularExpression yearRange(QStringLiteral("^(\\d{1,4})(?:(?:-|\\.\\.)(\\d{1,4}))?$"));

    SearchQuery query;
    QStringList terms;
    auto it = token.globalMatch(text);
    while (it.hasNext()) {
        const QRegularExpressionMatch m = it.next();
        QString field;
        QString value;
        if (m.capturedLength(1) || m.capturedLength(2)) {
            field = m.captured(1);
            value = m.captured(2);
        } else if (m.capturedLength(3)) {
            field = m.captured(3);
            value = m.captured(4);
        } else if (m.capturedStart(5) >= 0) {
            value = m.captured(5);
        } else {
            value = m.captured(6);
        }

        if (!field.isEmpty() && field.compare(QLatin1String("year"), Qt::CaseInsensitive) == 0) {
            const QRegularExpressionMatch y = yearRange.match(value);
            if (y.hasMatch()) {
                query.yearFrom = y.captured(1).toInt();
                query.yearTo = y.capturedLength(2) ? y.captured(2).toInt() : query.yearFrom;
                if (query.yearTo < query.yearFrom)
                    std::swap(query.yearFrom, query.yearTo);
                query.yearTo = std::min(query.yearTo, query.yearFrom + 200); // a range, not a scan
                // Exact terms (no prefix): year is a column of the index (schema 003).
                QStringList years;
                for (int y = query.yearFrom; y <= query.yearTo; ++y)
                    years << QLatin1Char('"') + QString::number(y) + QLatin1Char('"');
                terms << QStringLiteral("year : (") + years.join(QStringLiteral(" OR ")) + QLatin1Char(')');
                continue;
            }
        }
        if (const auto listening = field.isEmpty() ? std::nullopt : listeningField(field)) {
            if (const Result<SearchFilter> f = readFilter(*listening, field.toLower(), value))
                query.filters << *f;
            else
                query.error = f.error();
            continue;
        }
        const QString column = field.isEmpty() ? QString() : columnFor(field);
        if (!field.isEmpty() && column.isEmpty())
            value = m.captured(0); // not a field we know: search the text as typed
        if (!hasWordCharacter(value))
            continue;
        terms << (column.isEmpty() ? phrase(value) : column + QStringLiteral(" : ") + phrase(value));
        query.terms.append({column, value});
    }
    query.match = terms.join(QStringLiteral(" AND "));
    return query;
}

QString SearchQuery::filterSql(QVariantList *binds, const QDateTime &now) const
{
    QStringList conditions;
    for (const SearchFilter &f : filters) {
        switch (f.field) {
        case SearchFilter::Field::Rating: // stars -> the column's half stars; unrated is 0
            conditions << QStringLiteral("COALESCE(t.rating, 0) %1 ?").arg(f.op);
            *binds << qRound(f.value * 2);
            break;
        case SearchFilter::Field::Plays:
            conditions << QStringLiteral("COALESCE(t.play_count, 0) %1 ?").arg(f.op);
            *binds << qint64(f.value);
            break;
        case SearchFilter::Field::Skips:
            conditions << QStringLiteral("COALESCE(t.skip_count, 0) %1 ?").arg(f.op);
            *binds << qint64(f.value);
            break;
        case SearchFilter::Field::Played:
        case SearchFilter::Field::Added: {
            // played:<30d = the moment is after now - 30 days. julianday() reads the ISO text
            // with or without milliseconds; never played counts as longer ago than any age.
            const QString column = f.field == SearchFilter::Field::Played
                ? QStringLiteral("t.last_played")
                : QStringLiteral("t.created_at");
            const QString cmp = f.op.startsWith(QLatin1Char('<'))
                ? QString(f.op).replace(QLatin1Char('<'), QLatin1Char('>'))
                : QString(f.op).replace(QLatin1Char('>'), QLatin1Char('<'));
            QString c = QStringLiteral("julianday(%1) %2 julianday(?)").arg(column, cmp);
            if (f.field == SearchFilter::Field::Played && f.op.startsWith(QLatin1Char('>')))
                c = QStringLiteral("(t.last_played IS NULL OR %1)").arg(c);
            conditions << c;
            *binds << now.addSecs(-qint64(f.value)).toUTC().toString(Qt::ISODateWithMs);
            break;
        }
        }
    }
    return conditions.join(QStringLiteral(" AND "));
}

} // namespace ekn
