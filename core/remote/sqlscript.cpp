#include "remote/sqlscript.h"

#include <optional>

namespace ekn {

namespace {

bool isIdentChar(QChar c)
{
    return c.isLetterOrNumber() || c == QLatin1Char('_') || c == QLatin1Char('$');
}

// A position in a script that steps over one lexical element at a time and counts lines.
// Each skip* starts on the element's first character; false means it never ended.
class ScriptCursor
{
public:
    explicit ScriptCursor(const QString &s) : m_s(s) {}

    bool atEnd() const { return m_pos >= m_s.size(); }
    QChar at(qsizetype ahead = 0) const
    {
        const qsizetype i = m_pos + ahead;
        return i < m_s.size() ? m_s.at(i) : QChar();
    }
    qsizetype pos() const { return m_pos; }
    int line() const { return m_line; }
    void step()
    {
        if (at() == QLatin1Char('\n'))
            ++m_line;
        ++m_pos;
    }

    bool atLineComment() const { return at() == QLatin1Char('-') && at(1) == QLatin1Char('-'); }
    bool atBlockComment() const { return at() == QLatin1Char('/') && at(1) == QLatin1Char('*'); }

    void skipLineComment()
    {
        while (!atEnd() && at() != QLatin1Char('\n'))
            step();
    }

    bool skipBlockComment() // /* nested /* comments */ */
    {
        int depth = 0;
        do {
            if (atBlockComment()) {
                ++depth;
                step();
            } else if (at() == QLatin1Char('*') && at(1) == QLatin1Char('/')) {
                --depth;
                step();
            }
            step();
        } while (!atEnd() && depth > 0);
        return depth == 0;
    }

    // '...' (E'...' with backslash escapes) or "...", a doubled quote standing for itself.
    bool skipQuoted()
    {
        const QChar quote = at();
        const bool escapes = quote == QLatin1Char('\'') && m_pos > 0 &&
                             m_s.at(m_pos - 1).toLower() == QLatin1Char('e') &&
                             (m_pos < 2 || !isIdentChar(m_s.at(m_pos - 2)));
        step();
        while (!atEnd()) {
            if (escapes && at() == QLatin1Char('\\')) {
                step();
                step();
            } else if (at() == quote && at(1) == quote) {
                step();
                step();
            } else if (at() == quote) {
                step();
                return true;
            } else {
                step();
            }
        }
        return false;
    }

    // At a '$': the dollar-quote tag "$tag$" starting here, or empty when it is not one
    // ($1 parameters, foo$bar identifiers).
    QString dollarTag() const
    {
        if (m_pos > 0 && isIdentChar(m_s.at(m_pos - 1)))
            return {};
        qsizetype i = m_pos + 1;
        if (i < m_s.size() && m_s.at(i).isDigit())
            return {};
        while (i < m_s.size() && (m_s.at(i).isLetterOrNumber() || m_s.at(i) == QLatin1Char('_')))
            ++i;
        if (i < m_s.size() && m_s.at(i) == QLatin1Char('$'))
            return m_s.mid(m_pos, i - m_pos + 1);
        return {};
    }

    bool skipDollarBody(const QString &tag)
    {
        const qsizetype end = m_s.indexOf(tag, m_pos + tag.size());
        if (end < 0)
            return false;
        while (m_pos < end + tag.size())
            step();
        return true;
    }

    // Past blanks and comments; false when only those remain.
    bool skipToCode()
    {
        while (!atEnd()) {
            if (at().isSpace())
                step();
            else if (atLineComment())
                skipLineComment();
            else if (atBlockComment())
                skipBlockComment();
            else
                return true;
        }
        return false;
    }

private:
    const QString &m_s;
    qsizetype m_pos = 0;
    int m_line = 1;
};

// Comments stay in a statement's text; a part of blanks and comments alone is no statement.
// Its line is the line of its first code, not of the comments above it.
std::optional<SqlStatement> statementOf(const QString &text, int startLine)
{
    ScriptCursor c(text);
    if (!c.skipToCode())
        return std::nullopt;
    return SqlStatement{text.trimmed(), startLine + c.line() - 1};
}

QString unterminated(const char *what, int line)
{
    return QStringLiteral("unterminated %1 starting on line %2").arg(QLatin1String(what)).arg(line);
}

} // namespace

Result<QList<SqlStatement>> splitSqlScript(const QString &script)
{
    QList<SqlStatement> out;
    ScriptCursor c(script);
    qsizetype start = 0;
    int startLine = 1;
    auto flush = [&](qsizetype end) {
        if (const auto s = statementOf(script.mid(start, end - start), startLine))
            out.append(*s);
    };
    auto fail = [](const char *what, int line) { return Failure{unterminated(what, line)}; };
    while (!c.atEnd()) {
        const int opened = c.line();
        const QChar ch = c.at();
        if (c.atLineComment()) {
            c.skipLineComment();
        } else if (c.atBlockComment()) {
            if (!c.skipBlockComment())
                return fail("/* comment", opened);
        } else if (ch == QLatin1Char('\'') || ch == QLatin1Char('"')) {
            if (!c.skipQuoted())
                return fail(ch == QLatin1Char('\'') ? "string" : "quoted identifier", opened);
        } else if (ch == QLatin1Char('$') && !c.dollarTag().isEmpty()) {
            if (!c.skipDollarBody(c.dollarTag()))
                return fail("dollar-quoted string", opened);
        } else if (ch == QLatin1Char(';')) {
            flush(c.pos());
            c.step();
            start = c.pos();
            startLine = c.line();
        } else {
            c.step();
        }
    }
    flush(script.size());
    return out;
}

} // namespace ekn
