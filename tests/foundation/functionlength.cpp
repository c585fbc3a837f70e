#include "functionlength.h"

namespace {

bool isIdentChar(QChar c)
{
    return c.isLetterOrNumber() || c == QLatin1Char('_');
}

// The source with comments, literals and preprocessor lines replaced by spaces (newlines kept,
// so line numbers stay). A string's quotes stay so `"{"` cannot open a body.
QString blanked(const QString &src)
{
    QString out = src;
    const qsizetype n = src.size();
    auto blank = [&out](qsizetype from, qsizetype to) {
        for (qsizetype k = from; k < to && k < out.size(); ++k)
            if (out[k] != QLatin1Char('\n'))
                out[k] = QLatin1Char(' ');
    };
    bool lineStart = true;
    for (qsizetype i = 0; i < n;) {
        const QChar c = src[i];
        if (lineStart && c == QLatin1Char('#')) { // preprocessor line (with continuations)
            qsizetype j = i;
            while (j < n && !(src[j] == QLatin1Char('\n') && src[j - 1] != QLatin1Char('\\')))
                ++j;
            blank(i, j);
            i = j;
            continue;
        }
        if (c == QLatin1Char('\n'))
            lineStart = true;
        else if (!c.isSpace())
            lineStart = false;
        if (src.mid(i, 2) == QLatin1String("//")) {
            qsizetype j = src.indexOf(QLatin1Char('\n'), i);
            j = j < 0 ? n : j;
            blank(i, j);
            i = j;
        } else if (src.mid(i, 2) == QLatin1String("/*")) {
            qsizetype j = src.indexOf(QLatin1String("*/"), i + 2);
            j = j < 0 ? n : j + 2;
            blank(i, j);
            i = j;
        } else if (c == QLatin1Char('R') && src.mid(i + 1, 1) == QLatin1String("\"") &&
                   (i == 0 || !isIdentChar(src[i - 1]) || src[i - 1] == QLatin1Char('u') ||
                    src[i - 1] == QLatin1Char('8') || src[i - 1] == QLatin1Char('L'))) {
            const qsizetype open = src.indexOf(QLatin1Char('('), i + 2);
            const QString delimiter = src.mid(i + 2, open - i - 2);
            const QString close = QLatin1Char(')') + delimiter + QLatin1Char('"');
            qsizetype j = src.indexOf(close, open);
            j = j < 0 ? n : j + close.size();
            blank(i + 1, j - 1);
            i = j;
        } else if (c == QLatin1Char('"') ||
                   (c == QLatin1Char('\'') && (i == 0 || !src[i - 1].isDigit()))) {
            qsizetype j = i + 1;
            while (j < n && src[j] != c && src[j] != QLatin1Char('\n'))
                j += src[j] == QLatin1Char('\\') ? 2 : 1;
            blank(i + 1, j);
            i = j + 1;
        } else {
            ++i;
        }
    }
    return out;
}

// The qualified name right before position `end` (exclusive), skipping template arguments.
QString nameBefore(const QString &s, qsizetype end)
{
    qsizetype j = end;
    while (j > 0 && s[j - 1].isSpace())
        --j;
    qsizetype start = j;
    while (start > 0 && (isIdentChar(s[start - 1]) || s[start - 1] == QLatin1Char(':') ||
                         s[start - 1] == QLatin1Char('~')))
        --start;
    return s.mid(start, j - start);
}

// Whether the text before a `{` at `pos` (outside any function) opens a function body, and
// if so its name.
bool isFunctionHead(const QString &s, qsizetype pos, QString *name)
{
    // The statement that the brace ends: from the previous ; { or } to here.
    qsizetype start = pos;
    while (start > 0 && s[start - 1] != QLatin1Char(';') && s[start - 1] != QLatin1Char('{') &&
           s[start - 1] != QLatin1Char('}'))
        --start;
    QString head = s.mid(start, pos - start).simplified();
    // Trailing qualifiers and a trailing return type.
    static const QStringList qualifiers = {QStringLiteral("const"), QStringLiteral("override"),
                                           QStringLiteral("noexcept"), QStringLiteral("final"),
                                           QStringLiteral("mutable")};
    bool changed = true;
    while (changed) {
        changed = false;
        for (const QString &q : qualifiers)
            if (head.endsWith(QLatin1Char(' ') + q) || head == q) {
                head.chop(q.size());
                head = head.trimmed();
                changed = true;
            }
    }
    const qsizetype arrow = head.lastIndexOf(QLatin1String("->"));
    if (arrow > 0 && head.lastIndexOf(QLatin1Char(')')) < arrow)
        head = head.left(arrow).trimmed();
    if (!head.endsWith(QLatin1Char(')')))
        return false;
    const qsizetype paren = head.indexOf(QLatin1Char('('));
    if (paren <= 0)
        return false;
    const QString first = nameBefore(head, paren);
    static const QStringList notFunctions = {QStringLiteral("if"),     QStringLiteral("for"),
                                             QStringLiteral("while"),  QStringLiteral("switch"),
                                             QStringLiteral("catch"),  QStringLiteral("return"),
                                             QStringLiteral("sizeof"), QStringLiteral("decltype")};
    if (first.isEmpty() || notFunctions.contains(first))
        return false;
    // `x = f(...) {` is not a definition (an operator= is).
    const qsizetype assign = head.indexOf(QLatin1Char('='));
    if (assign >= 0 && assign < paren && !first.contains(QLatin1String("operator")))
        return false;
    *name = first;
    return true;
}

} // namespace

QList<FunctionSpan> functionSpans(const QString &source)
{
    const QString s = blanked(source);
    QList<FunctionSpan> spans;
    int depth = 0;
    int functionDepth = -1; // the depth at which the current function's body opened
    qsizetype functionOpen = 0;
    QString functionName;
    for (qsizetype i = 0; i < s.size(); ++i) {
        if (s[i] == QLatin1Char('{')) {
            if (functionDepth < 0 && isFunctionHead(s, i, &functionName)) {
                functionDepth = depth;
                functionOpen = i;
            }
            ++depth;
        } else if (s[i] == QLatin1Char('}')) {
            --depth;
            if (depth == functionDepth) {
                const int first = int(s.left(functionOpen).count(QLatin1Char('\n'))) + 1;
                const int last = int(s.left(i).count(QLatin1Char('\n'))) + 1;
                spans.append({functionName, first, last - first + 1});
                functionDepth = -1;
            }
        }
    }
    return spans;
}
