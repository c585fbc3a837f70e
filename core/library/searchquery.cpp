#include "library/searchquery.h"

#include <QRegularExpression>
#include <QStringList>

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
        const QString column = field.isEmpty() ? QString() : columnFor(field);
        if (!field.isEmpty() && column.isEmpty())
            value = m.captured(0); // not a field we know: search the text as typed
        if (!hasWordCharacter(value))
            continue;
        terms << (column.isEmpty() ? phrase(value) : column + QStringLiteral(" : ") + phrase(value));
    }
    query.match = terms.join(QStringLiteral(" AND "));
    return query;
}

} // namespace ekn
