#include "remote/sqlscript.h"

namespace ekn {

namespace {

bool isIdentChar(QChar c)
{
    return c.isLetterOrNumber() || c == QLatin1Char('_') || c == QLatin1Char('$');
}

// At `pos` (a '$'): the dollar-quote tag "$tag$" starting there, or empty if it is not one
// ($1 parameters, foo$bar identifiers).
QString dollarTag(const QString &s, qsizetype pos)
{
    if (pos > 0 && isIdentChar(s.at(pos - 1)))
        return {};
    qsizetype i = pos + 1;
    if (i < s.size() && s.at(i).isDigit())
        return {};
    while (i < s.size() && (s.at(i).isLetterOrNumber() || s.at(i) == QLatin1Char('_')))
        ++i;
    if (i < s.size() && s.at(i) == QLatin1Char('$'))
        return s.mid(pos, i - pos + 1);
    return {};
}

// Comments stay in a statement's text; a part made of comments and blanks alone has no code.
bool hasCode(const QString &statement)
{
    qsizetype i = 0;
    const qsizetype n = statement.size();
    while (i < n) {
        const QChar c = statement.at(i);
        if (c.isSpace()) {
            ++i;
        } else if (c == QLatin1Char('-') && i + 1 < n && statement.at(i + 1) == QLatin1Char('-')) {
            while (i < n && statement.at(i) != QLatin1Char('\n'))
                ++i;
        } else if (c == QLatin1Char('/') && i + 1 < n && statement.at(i + 1) == QLatin1Char('*')) {
            int depth = 1;
            i += 2;
            while (i < n && depth > 0) {
                if (statement.at(i) == QLatin1Char('/') && i + 1 < n &&
                    statement.at(i + 1) == QLatin1Char('*')) {
                    ++depth;
                    i += 2;
                } else if (statement.at(i) == QLatin1Char('*') && i + 1 < n &&
                           statement.at(i + 1) == QLatin1Char('/')) {
                    --depth;
                    i += 2;
                } else {
                    ++i;
                }
            }
        } else {
            return true;
        }
    }
    return false;
}

} // namespace

QList<SqlStatement> splitSqlScript(const QString &script, QString *error)
{
    QList<SqlStatement> out;
    const qsizetype n = script.size();
    qsizetype start = 0;
    int line = 1;
    int startLine = 1;
    auto fail = [&](const char *what, int atLine) {
        if (error)
            *error = QStringLiteral("unterminated %1 starting on line %2")
                         .arg(QLatin1String(what))
                         .arg(atLine);
        return QList<SqlStatement>();
    };
    auto flush = [&](qsizetype end) {
        const QString text = script.mid(start, end - start);
        if (hasCode(text)) {
            // Report the line of the first code, not of the comments above it.
            int codeLine = startLine;
            const QString trimmed = text;
            qsizetype i = 0;
            while (i < trimmed.size()) {
                const QChar c = trimmed.at(i);
                if (c == QLatin1Char('\n')) {
                    ++codeLine;
                    ++i;
                } else if (c.isSpace()) {
                    ++i;
                } else if (c == QLatin1Char('-') && i + 1 < trimmed.size() &&
                           trimmed.at(i + 1) == QLatin1Char('-')) {
                    while (i < trimmed.size() && trimmed.at(i) != QLatin1Char('\n'))
                        ++i;
                } else {
                    break;
                }
            }
            out.append({text.trimmed(), codeLine});
        }
    };

    qsizetype i = 0;
    while (i < n) {
        const QChar c = script.at(i);
        const QChar next = i + 1 < n ? script.at(i + 1) : QChar();
        if (c == QLatin1Char('\n')) {
            ++line;
            ++i;
        } else if (c == QLatin1Char('-') && next == QLatin1Char('-')) {
            while (i < n && script.at(i) != QLatin1Char('\n'))
                ++i;
        } else if (c == QLatin1Char('/') && next == QLatin1Char('*')) {
            const int opened = line;
            int depth = 1;
            i += 2;
            while (i < n && depth > 0) {
                const QChar d = script.at(i);
                const QChar dn = i + 1 < n ? script.at(i + 1) : QChar();
                if (d == QLatin1Char('\n'))
                    ++line;
                if (d == QLatin1Char('/') && dn == QLatin1Char('*')) {
                    ++depth;
                    i += 2;
                } else if (d == QLatin1Char('*') && dn == QLatin1Char('/')) {
                    --depth;
                    i += 2;
                } else {
                    ++i;
                }
            }
            if (depth > 0)
                return fail("/* comment", opened);
        } else if (c == QLatin1Char('\'') || c == QLatin1Char('"')) {
            // E'...' allows backslash escapes; plain '...' does not (standard_conforming_strings).
            const bool escapes =
                c == QLatin1Char('\'') && i > 0 &&
                (script.at(i - 1) == QLatin1Char('E') || script.at(i - 1) == QLatin1Char('e')) &&
                (i < 2 || !isIdentChar(script.at(i - 2)));
            const int opened = line;
            ++i;
            bool closed = false;
            while (i < n) {
                const QChar d = script.at(i);
                if (d == QLatin1Char('\n'))
                    ++line;
                if (escapes && d == QLatin1Char('\\')) {
                    if (i + 1 < n && script.at(i + 1) == QLatin1Char('\n'))
                        ++line;
                    i += 2;
                    continue;
                }
                if (d == c) {
                    if (i + 1 < n && script.at(i + 1) == c) { // '' or "" inside
                        i += 2;
                        continue;
                    }
                    ++i;
                    closed = true;
                    break;
                }
                ++i;
            }
            if (!closed)
                return fail(c == QLatin1Char('\'') ? "string" : "quoted identifier", opened);
        } else if (c == QLatin1Char('$')) {
            const QString tag = dollarTag(script, i);
            if (tag.isEmpty()) {
                ++i;
                continue;
            }
            const int opened = line;
            const qsizetype bodyStart = i + tag.size();
            const qsizetype end = script.indexOf(tag, bodyStart);
            if (end < 0)
                return fail("dollar-quoted string", opened);
            line +=
                int(QStringView(script).mid(bodyStart, end - bodyStart).count(QLatin1Char('\n')));
            i = end + tag.size();
        } else if (c == QLatin1Char(';')) {
            flush(i);
            ++i;
            start = i;
            startLine = line;
        } else {
            ++i;
        }
    }
    flush(n);
    return out;
}

} // namespace ekn
