#include "common/result.h"
#include "eknmusic/version.h"
#include "functionlength.h"
#include "testmain.h"
#include "testsupport.h"

#include <QCoreApplication>
#include <QDir>
#include <QDirIterator>
#include <QHash>
#include <QFile>
#include <QRegularExpression>
#include <QSet>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace ekn::test;

namespace {

// Lines (1-based) that end in a string piece continued by another piece on the next line,
// where either piece looks like SQL (a keyword followed by a lower-case name, as every table
// and column here is spelled). Raw literals are blanked first: their text is left as written.
QList<int> splitSqlLines(QString source)
{
    static const QRegularExpression raw(QStringLiteral("R\"([^(\\s\"]{0,16})\\((.*?)\\)\\1\""),
                                        QRegularExpression::DotMatchesEverythingOption);
    for (QRegularExpressionMatch m = raw.match(source); m.hasMatch(); m = raw.match(source, m.capturedStart())) {
        const QString blank = QStringLiteral("R\"\"") + QString(m.captured(2).count(QLatin1Char('\n')), QLatin1Char('\n'));
        source.replace(m.capturedStart(), m.capturedLength(), blank);
    }
    static const QRegularExpression lastPiece(QStringLiteral("\"((?:[^\"\\\\]|\\\\.)*)\"\\s*$"));
    static const QRegularExpression firstPiece(QStringLiteral("^\\s*\"((?:[^\"\\\\]|\\\\.)*)\""));
    static const QRegularExpression sql(
        QStringLiteral("\\b(SELECT\\s+[a-z*(]|(FROM|JOIN|INTO|UPDATE|TABLE)\\s+[a-z_(]|WHERE\\s+[a-z(]|"
                       "ORDER BY\\s+[A-Za-z]|VALUES\\s*\\(|ON CONFLICT|DELETE FROM|COLLATE NOCASE|= \\?)"));
    const QStringList lines = source.split(QLatin1Char('\n'));
    QList<int> out;
    for (int i = 0; i + 1 < lines.size(); ++i) {
        if (lines[i].trimmed().startsWith(QLatin1String("//")))
            continue;
        const QRegularExpressionMatch a = lastPiece.match(lines[i]);
        const QRegularExpressionMatch b = firstPiece.match(lines[i + 1]);
        if (a.hasMatch() && b.hasMatch() && (sql.match(a.captured(1)).hasMatch() || sql.match(b.captured(1)).hasMatch()))
            out << i + 1;
    }
    return out;
}


// The .cpp files under `root` (recursively) with more than `maxLines` lines, as
// "relative/path: N lines".
QStringList cppFilesLongerThan(const QString &root, int maxLines)
{
    QStringList out;
    QDirIterator it(root, {QStringLiteral("*.cpp")}, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QFile f(it.next());
        if (!f.open(QIODevice::ReadOnly))
            return {QStringLiteral("cannot read ") + f.fileName()};
        const QByteArray text = f.readAll();
        const int lines = int(text.count('\n')) + (text.endsWith('\n') || text.isEmpty() ? 0 : 1);
        if (lines > maxLines)
            out << QStringLiteral("%1: %2 lines").arg(QDir(root).relativeFilePath(f.fileName())).arg(lines);
    }
    out.sort();
    return out;
}

// The header with its comments and preprocessor lines blanked (their line breaks kept, so
// line numbers stay right).
QString withoutComments(QString header)
{
    static const QRegularExpression comment(QStringLiteral("//[^\\n]*|/\\*.*?\\*/|(?m)^[ \\t]*#[^\\n]*"),
                                            QRegularExpression::DotMatchesEverythingOption);
    for (QRegularExpressionMatch m = comment.match(header); m.hasMatch(); m = comment.match(header, m.capturedStart() + 1)) {
        const QString blank = QString(m.captured(0).count(QLatin1Char('\n')), QLatin1Char('\n'));
        header.replace(m.capturedStart(), m.capturedLength(), blank);
    }
    return header;
}

// A `QString *error` out-parameter, by the names such a parameter goes by.
const QRegularExpression &errorOutParameter()
{
    static const QRegularExpression r(
        QStringLiteral("QString\\s*\\*\\s*(error|err|why|reason|refusal|message|problem)\\b"));
    return r;
}

// Public reads and steps of a core header that report failure beside their result instead of
// in it (docs/ARCHITECTURE.md "Errors"), as "name (line N): why":
//  - a `QString *error` out-parameter (error, err, why, reason, refusal, message, problem);
//  - in a header with an errorString() or an error() (the same side channel by another
//    name): a const function returning a bare container or optional, or a function filling a
//    container through a pointer (a failed read would look like an empty one to a caller that
//    forgets errorString());
//  - in such a header: a class whose public steps (non-const, non-static)
//    return bool, int or QString (false, 0 or an empty id with the reason elsewhere), once
//    per class, named after the class and listing those steps.
// Declarations are read between `;`, `{` and `}` with comments blanked; a class's access
// specifiers are followed, so private helpers are left alone.
QStringList errorSideChannels(const QString &source)
{
    const QString header = withoutComments(source);
    const QRegularExpression &errorOut = errorOutParameter();
    static const QRegularExpression containerRead(QStringLiteral(
        "^(static\\s+)?(QList<|QStringList\\b|QSet<|QHash<|QMap<|QVector<|std::optional<)[^()]*?\\b(\\w+)\\s*\\(.*\\)\\s*const\\s*$"),
        QRegularExpression::DotMatchesEverythingOption);
    static const QRegularExpression containerOut(QStringLiteral("(QList<[^()]*>|QStringList|QSet<[^()]*>)\\s*\\*\\s*\\w+"));
    static const QRegularExpression name(QStringLiteral("\\b(\\w+)\\s*\\("));
    static const QRegularExpression access(QStringLiteral("\\b(public|private|protected|Q_SIGNALS)(\\s+Q_SLOTS)?\\s*:(?!:)"));
    static const QRegularExpression classHead(
        QStringLiteral("^(?:template\\s*<[^>]*>\\s*)?(class|struct)\\s+(?:\\[\\[\\w+\\]\\]\\s+)?(\\w+)"));
    static const QRegularExpression flagStep(QStringLiteral(
        "^(?:virtual\\s+)?(?:\\[\\[nodiscard\\]\\]\\s+)?(?:bool|int|QString)\\s+(\\w+)\\s*\\(.*\\)\\s*(?:override\\s*)?$"),
        QRegularExpression::DotMatchesEverythingOption);
    // errorString() or error(): the same side channel under either name.
    static const QRegularExpression accessor(QStringLiteral("\\b(errorString|error)\\s*\\(\\s*\\)\\s*const"));
    const QString why = accessor.match(header).captured(1);
    const bool sideChannel = !why.isEmpty();
    const QString beside = QStringLiteral(" beside %1()").arg(why);

    struct Scope { bool isClass; bool isPublic; QString name = {}; int line = 0; QStringList flagSteps = {}; };
    QList<Scope> scopes{{false, true}};
    QStringList out;
    int line = 1;
    int start = 0;
    for (int i = 0; i < header.size(); ++i) {
        const QChar c = header.at(i);
        if (c != QLatin1Char(';') && c != QLatin1Char('{') && c != QLatin1Char('}'))
            continue;
        // A default argument `= {}` is part of the declaration, not a scope.
        if (static const QRegularExpression afterEquals(QStringLiteral("=\\s*$")); c == QLatin1Char('{')) {
            const qsizetype close = header.indexOf(QLatin1Char('}'), i);
            if (close > i && header.mid(i + 1, close - i - 1).trimmed().isEmpty()
                && header.mid(start, i - start).contains(afterEquals)) {
                i = int(close);
                continue;
            }
        }
        const QString chunk = header.mid(start, i - start);
        QString decl = chunk;
        for (QRegularExpressionMatch a = access.match(decl); a.hasMatch(); a = access.match(decl)) {
            scopes.last().isPublic = a.captured(1) != QLatin1String("private") && a.captured(1) != QLatin1String("protected");
            decl = decl.mid(a.capturedEnd());
        }
        const qsizetype lead = decl.size() - QString(decl).remove(QRegularExpression(QStringLiteral("^\\s+"))).size();
        const int declLine = line + int(chunk.left(chunk.size() - decl.size() + lead).count(QLatin1Char('\n')));
        line += int(chunk.count(QLatin1Char('\n')));
        start = i + 1;
        decl = decl.trimmed();
        if (c == QLatin1Char('}')) {
            if (scopes.size() > 1 && !scopes.last().flagSteps.isEmpty())
                out << QStringLiteral("%1 (line %2): steps that return bool or an empty id%3: %4")
                           .arg(scopes.last().name)
                           .arg(scopes.last().line)
                           .arg(beside)
                           .arg(scopes.last().flagSteps.join(QStringLiteral(", ")));
            if (scopes.size() > 1)
                scopes.removeLast();
            continue;
        }
        const bool visible = scopes.last().isPublic;
        if (c == QLatin1Char('{')) {
            const QRegularExpressionMatch head = classHead.match(decl);
            const bool isNamespace = decl.startsWith(QLatin1String("namespace")) || decl.startsWith(QLatin1String("extern"));
            scopes.append(head.hasMatch() ? Scope{true, head.captured(1) == QLatin1String("struct"), head.captured(2), declLine}
                                          : Scope{false, isNamespace});
        }
        if (!visible || !decl.contains(QLatin1Char('(')))
            continue;
        const QString function = name.match(decl).captured(1);
        const QString where = QStringLiteral("%1 (line %2)").arg(function).arg(declLine);
        if (errorOut.match(decl).hasMatch())
            out << where + QStringLiteral(": a QString * error out-parameter");
        else if (sideChannel && containerRead.match(decl).hasMatch())
            out << where + QStringLiteral(": a bare container read") + beside;
        else if (sideChannel && containerOut.match(decl).hasMatch())
            out << where + QStringLiteral(": a container filled through a pointer") + beside;
        if (!out.isEmpty() && out.last().startsWith(where))
            continue;
        // An inline step (`bool f() {`) has just opened its body's scope: its class is the one before.
        Scope &owner = c == QLatin1Char('{') ? scopes[scopes.size() - 2] : scopes.last();
        if (const QRegularExpressionMatch step = flagStep.match(decl); sideChannel && step.hasMatch() && owner.isClass)
            owner.flagSteps << step.captured(1);
    }
    return out;
}

// A source file as the scans below read it: its path from the source tree's root, its text.
struct SourceFile
{
    QString path;
    QString text;
};

// The files named like `patterns` below the source tree's `folders` (recursively), read; a file
// that cannot be read fails the scan, naming it.
ekn::Result<QList<SourceFile>> sourceFiles(std::initializer_list<const char *> folders,
                                           const QStringList &patterns = {QStringLiteral("*.h"),
                                                                          QStringLiteral("*.cpp")})
{
    const QDir root(QStringLiteral(EKN_SOURCE_DIR));
    QList<SourceFile> out;
    for (const char *folder : folders) {
        QDirIterator it(root.filePath(QLatin1String(folder)), patterns, QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            QFile f(it.next());
            if (!f.open(QIODevice::ReadOnly))
                return ekn::Failure{QStringLiteral("cannot read ") + f.fileName()};
            out.append({root.relativeFilePath(f.fileName()), QString::fromUtf8(f.readAll())});
        }
    }
    return out;
}

// Every function of a core file, public, private or file-local, declared or defined, that
// keeps a failure's reason beside its answer (docs/ARCHITECTURE.md "Errors"), as
// "name (line N): why":
//  - a `QString *error` out-parameter (the names errorSideChannels knows);
//  - a `bool fail(...)` helper (fail, failed, setError): false returned, the reason stored in
//    a member for a caller to fetch, which a step that forgets it drops.
// Declarations and definitions are read between `;`, `{` and `}` with comments blanked.
QStringList reasonsKeptAside(const QString &source)
{
    const QString text = withoutComments(source);
    const QRegularExpression &errorOut = errorOutParameter();
    static const QRegularExpression boolFail(
        QStringLiteral("^(?:static\\s+)?bool\\s+(?:\\w+::)?(fail|failed|setError)\\s*\\("));
    static const QRegularExpression name(QStringLiteral("\\b(\\w+)\\s*\\("));
    // Access labels and the blank lines before a declaration: its line is where it starts.
    static const QRegularExpression label(
        QStringLiteral("^(?:\\s*\\b(?:public|private|protected|Q_SIGNALS)(?:\\s+Q_SLOTS)?\\s*:(?!:))*\\s*"));
    QStringList out;
    int line = 1;
    int start = 0;
    for (int i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (c != QLatin1Char(';') && c != QLatin1Char('{') && c != QLatin1Char('}'))
            continue;
        const QString chunk = text.mid(start, i - start);
        const qsizetype lead = label.match(chunk).capturedLength(0);
        const QString decl = chunk.mid(lead).trimmed();
        const int declLine = line + int(chunk.left(lead).count(QLatin1Char('\n')));
        line += int(chunk.count(QLatin1Char('\n')));
        start = i + 1;
        if (!decl.contains(QLatin1Char('(')))
            continue;
        const QString where = QStringLiteral("%1 (line %2)").arg(name.match(decl).captured(1)).arg(declLine);
        if (errorOut.match(decl).hasMatch())
            out << where + QStringLiteral(": a QString * error out-parameter");
        else if (boolFail.match(decl).hasMatch())
            out << where + QStringLiteral(": a bool fail() that keeps the reason in a member");
    }
    return out;
}

// The pattern of an include of a widget header (core must have none).
QRegularExpression widgetIncludePattern()
{
    return QRegularExpression(
        QStringLiteral("#\\s*include\\s*[<\"](QtWidgets|QWidget|QMainWindow|QDialog|QApplication|QMessageBox)"));
}

} // namespace

class TestFoundation : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void cliPrintsTheCMakeVersion()
    {
        const ProcessResult r = runCli({QStringLiteral("--version")});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.out.trimmed(), QStringLiteral("eknmusic-cli " EKN_VERSION_STRING));
    }

    void desktopAppPrintsTheCMakeVersion()
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        const ProcessResult r = runProgram(QStringLiteral(EKN_APP_PATH), {QStringLiteral("--version")}, env);
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains(QStringLiteral(EKN_VERSION_STRING)), qPrintable(r.out));
    }

    void cliRejectsAnUnknownCommandWithUsage()
    {
        const ProcessResult r = runCli({QStringLiteral("no-such-command")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains(QStringLiteral("unknown command 'no-such-command'")));
    }

    // The CMake targets keep core free of widgets; this also catches a stray include.
    void coreIncludesNoWidgetHeader()
    {
        const QRegularExpression widgetInclude = widgetIncludePattern();
        const ekn::Result<QList<SourceFile>> files = sourceFiles({"core"});
        QVERIFY2(files, qPrintable(files.error()));
        for (const SourceFile &f : *files)
            QVERIFY2(!widgetInclude.match(f.text).hasMatch(), qPrintable(f.path));
        QVERIFY(files->size() > 3);
    }

    // The same check on text that has a widget include, and on text that only mentions one:
    // the pattern the test above relies on does fail when it should.
    void widgetIncludePatternCatchesAnInclude()
    {
        const QRegularExpression widgetInclude = widgetIncludePattern();
        QVERIFY(widgetInclude.match(QStringLiteral("#include <QWidget>\n")).hasMatch());
        QVERIFY(widgetInclude.match(QStringLiteral("#  include \"QtWidgets/QLabel\"\n")).hasMatch());
        QVERIFY(!widgetInclude.match(QStringLiteral("// no QWidget here\n#include <QObject>\n")).hasMatch());
    }

    // STYLE: no function over 80 lines in core/, ui/ and app/ - a function does one step of
    // the story. The allow-list names what is still being split in branches of its own
    // (core/sync and the track writer/store are being reshaped around one track-field
    // definition); take an entry out when its function is split. A stale entry is reported.
    void noFunctionIsLongerThan80Lines()
    {
        constexpr int kMaxLines = 80;
        // "path|function": why it may stay long for now (none is left; an entry needs a reason).
        static const QHash<QString, QString> allowed = {
        };
        QStringList tooLong;
        QSet<QString> seen;
        int functions = 0;
        const ekn::Result<QList<SourceFile>> files = sourceFiles({"core", "ui", "app"});
        QVERIFY2(files, qPrintable(files.error()));
        for (const SourceFile &f : *files) {
            const QList<FunctionSpan> spans = functionSpans(f.text);
            functions += int(spans.size());
            for (const FunctionSpan &span : spans) {
                if (span.lines <= kMaxLines)
                    continue;
                const QString key = f.path + QLatin1Char('|') + span.name;
                seen.insert(key);
                if (!allowed.contains(key))
                    tooLong << QStringLiteral("%1:%2 %3 has %4 lines")
                                   .arg(f.path)
                                   .arg(span.firstLine)
                                   .arg(span.name)
                                   .arg(span.lines);
            }
        }
        QVERIFY2(functions > 500, "the scanner found the functions");
        for (auto it = allowed.cbegin(); it != allowed.cend(); ++it)
            if (!seen.contains(it.key()))
                qInfo("allow-list entry no longer needed (split or gone): %s", qPrintable(it.key()));
        QVERIFY2(tooLong.isEmpty(), qPrintable(QStringLiteral("split these along their steps:\n") +
                                               tooLong.join(QLatin1Char('\n'))));
    }

    // The scanner behind the test above, on text whose answer is known: it must see a long
    // function (or the test could never fail) and must not be fooled by braces in comments,
    // strings, raw strings, lambdas, classes or initializer lists.
    void functionScannerMeasuresBodies()
    {
        QString longBody;
        for (int i = 0; i < 90; ++i)
            longBody += QStringLiteral("    x += %1;\n").arg(i);
        const QString source =
            QStringLiteral("#include <x.h>\n#define BRACE {\n"
                           "namespace ekn {\n"
                           "class A : public B\n{\npublic:\n    int f() const { return 1; }\n};\n"
                           "A::A(int a)\n    : B(a)\n    , m_x(a)\n{\n    // a { in a comment\n}\n"
                           "static const char *kSql = R\"sql(SELECT '{' FROM t)sql\";\n"
                           "QString Long::run(const QString &s) const\n{\n"
                           "    auto f = [](int x) {\n        return x;\n    };\n"
                           "    const char *brace = \"}\";\n    const char c = '{';\n") +
            longBody +
            QStringLiteral("    if (s.isEmpty()) {\n        return {};\n    }\n    return s;\n}\n"
                           "} // namespace ekn\n");
        const QList<FunctionSpan> spans = functionSpans(source);
        QStringList got;
        for (const FunctionSpan &s : spans)
            got << QStringLiteral("%1@%2:%3").arg(s.name).arg(s.firstLine).arg(s.lines);
        QCOMPARE(got, (QStringList{QStringLiteral("f@7:1"), QStringLiteral("A::A@12:3"),
                                   QStringLiteral("Long::run@17:101")}));
    }

    // SQL written as adjacent "..." pieces is re-wrapped by clang-format mid-clause; a raw
    // literal R"sql(...)sql" (or one short line) is left as written. Lines of SQL split into
    // pieces anywhere in core/, ui/ or app/ fail here, with file and line.
    void sqlIsNotSplitIntoStringPieces()
    {
        QStringList split;
        const ekn::Result<QList<SourceFile>> files = sourceFiles({"core", "ui", "app"});
        QVERIFY2(files, qPrintable(files.error()));
        for (const SourceFile &f : *files)
            for (int line : splitSqlLines(f.text))
                split << QStringLiteral("%1:%2").arg(f.path).arg(line);
        QVERIFY(files->size() > 50);
        QVERIFY2(split.isEmpty(), qPrintable(QStringLiteral("SQL in adjacent string pieces; make it one "
                                                            "R\"sql(...)sql\" literal:\n")
                                             + split.join(QLatin1Char('\n'))));
    }

    // The scanner behind the test above must see SQL in pieces (or it could never fail), and
    // must leave raw literals, one-line SQL and pieces of plain text alone.
    void splitSqlScannerFindsPiecesOnly()
    {
        const QString pieces = QStringLiteral("    q.prepare(QStringLiteral(\"SELECT id, name \"\n"
                                              "                             \"FROM playlists WHERE id = ?\"));\n");
        QCOMPARE(splitSqlLines(pieces), QList<int>{1});
        const QString whereOnly = QStringLiteral("x(\"a, b \"\n  \"WHERE id = ?\");\n");
        QCOMPARE(splitSqlLines(whereOnly), QList<int>{1});
        const QString raw = QStringLiteral("    q.prepare(QStringLiteral(R\"sql(SELECT id, name\n"
                                           "    \"quoted\" FROM playlists\n"
                                           "    \"x\" WHERE id = ?)sql\"));\n");
        QCOMPARE(splitSqlLines(raw), QList<int>{});
        const QString oneLine = QStringLiteral("q.exec(QStringLiteral(\"SELECT 1 FROM t\"));\n\"next\"\n");
        QCOMPARE(splitSqlLines(oneLine), QList<int>{});
        const QString usage = QStringLiteral("const QString kUsage = QStringLiteral(\n"
                                             "    \"playlist move ID FROM TO | \"\n"
                                             "    \"remove ID POS\");\n");
        QCOMPARE(splitSqlLines(usage), QList<int>{});
    }

    // STYLE: a file says one thing; past ~500 lines it is usually two. No .cpp in core/, ui/
    // or app/ is over 600 lines: a longer one is split along its own concepts (as
    // libraryworker*.cpp, mainwindow*.cpp and trackmodel*.cpp are).
    void noSourceFileIsLongerThan600Lines()
    {
        QStringList tooLong;
        for (const char *folder : {"core", "ui", "app"})
            for (const QString &f : cppFilesLongerThan(QStringLiteral(EKN_SOURCE_DIR "/") + QLatin1String(folder), 600))
                tooLong << QLatin1String(folder) + QLatin1Char('/') + f;
        QVERIFY2(tooLong.isEmpty(), qPrintable(QStringLiteral("split these along their concepts:\n") +
                                               tooLong.join(QLatin1Char('\n'))));
    }

    // The counter behind the test above, on files whose answer is known: 601 lines is too
    // long (with or without a final newline), 600 is not, and a .h is not counted.
    void longFileCounterCountsLines()
    {
        QTemporaryDir dir;
        QVERIFY(QDir(dir.path()).mkpath(QStringLiteral("sub")));
        const auto write = [&](const QString &name, int lines, bool finalNewline) {
            QFile f(dir.filePath(name));
            QVERIFY(f.open(QIODevice::WriteOnly));
            QByteArray text;
            for (int i = 0; i < lines; ++i)
                text += "int x" + QByteArray::number(i) + " = 0;" + (i + 1 < lines || finalNewline ? "\n" : "");
            f.write(text);
        };
        write(QStringLiteral("sub/long.cpp"), 601, true);
        write(QStringLiteral("longer.cpp"), 601, false);
        write(QStringLiteral("fits.cpp"), 600, true);
        write(QStringLiteral("header.h"), 900, true);
        QCOMPARE(cppFilesLongerThan(dir.path(), 600),
                 (QStringList{QStringLiteral("longer.cpp: 601 lines"), QStringLiteral("sub/long.cpp: 601 lines")}));
    }

    // SQL lives in core, next to the table it touches; ui/ asks core.
    // One error convention in core (STYLE, docs/ARCHITECTURE.md "Errors"): a public read or
    // step of a core header says why it failed in what it returns (Result<T>, Status), never
    // through a `QString *error` out-parameter or an errorString() beside a bare container that
    // a failed read leaves empty. The allow-list names what is still to be converted, with
    // why; take an entry out when it is converted. A stale entry is reported.
    void coreHeadersReportFailuresInTheirResult()
    {
        // "path|function": why it may stay for now (none is left; an entry needs a reason).
        static const QHash<QString, QString> allowed = {
        };
        QStringList found;
        QSet<QString> seen;
        const ekn::Result<QList<SourceFile>> headers = sourceFiles({"core"}, {QStringLiteral("*.h")});
        QVERIFY2(headers, qPrintable(headers.error()));
        for (const SourceFile &f : *headers) {
            for (const QString &problem : errorSideChannels(f.text)) {
                const QString key = f.path + QLatin1Char('|') + problem.section(QLatin1Char(' '), 0, 0);
                seen.insert(key);
                if (!allowed.contains(key))
                    found << f.path + QStringLiteral(": ") + problem;
            }
        }
        QVERIFY(headers->size() > 40);
        for (auto a = allowed.cbegin(); a != allowed.cend(); ++a)
            if (!seen.contains(a.key()))
                qInfo("allow-list entry no longer needed (converted or gone): %s", qPrintable(a.key()));
        QVERIFY2(found.isEmpty(), qPrintable(QStringLiteral("return Result<T> / Status instead:\n") +
                                             found.join(QLatin1Char('\n'))));
    }

    // Below the public surface too: no function of core, private or file-local, keeps a
    // failure's reason in a `QString *error` out-parameter or behind a `bool fail()` and a
    // member; each step answers Status / Result<T>, so its caller cannot drop the reason
    // (docs/ARCHITECTURE.md "Errors"). Player is not scanned for what it does not have: its
    // errorString() is Qt Multimedia's reason, kept as the player's state.
    void coreFunctionsKeepNoReasonAside()
    {
        // "path|function": why it may stay for now (none is left; an entry needs a reason). A
        // stale entry is reported.
        static const QHash<QString, QString> allowed = {
        };
        QStringList found;
        QSet<QString> seen;
        int files = 0;
        QDirIterator it(QStringLiteral(EKN_SOURCE_DIR "/core"), {QStringLiteral("*.h"), QStringLiteral("*.cpp")},
                        QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            QFile f(it.next());
            QVERIFY(f.open(QIODevice::ReadOnly));
            ++files;
            const QString path = QDir(QStringLiteral(EKN_SOURCE_DIR)).relativeFilePath(f.fileName());
            for (const QString &problem : reasonsKeptAside(QString::fromUtf8(f.readAll()))) {
                const QString key = path + QLatin1Char('|') + problem.section(QLatin1Char(' '), 0, 0);
                seen.insert(key);
                if (!allowed.contains(key))
                    found << path + QStringLiteral(": ") + problem;
            }
        }
        QVERIFY(files > 80);
        for (auto a = allowed.cbegin(); a != allowed.cend(); ++a)
            if (!seen.contains(a.key()))
                qInfo("allow-list entry no longer needed (converted or gone): %s", qPrintable(a.key()));
        QVERIFY2(found.isEmpty(), qPrintable(QStringLiteral("return Result<T> / Status instead:\n") +
                                             found.join(QLatin1Char('\n'))));
    }

    // The scanner behind the test above, on code whose answer is known: a private step, a
    // file-local helper defined over several lines and a bool fail() are found (as
    // RemoteSession, syncpushanswers.cpp and SyncPull had them before issue 15); their
    // converted forms, Player's void fail(), a QString * that is an answer, not a reason, and
    // comments are left alone.
    void reasonScannerFindsPrivateAndFileLocalOutParameters()
    {
        const QString old = QStringLiteral(
            "namespace ekn {\n"
            "class RemoteSession\n{\npublic:\n    Status connect();\n"
            "private:\n    QSqlDatabase openReadServer(QString *error);\n    bool fail(const QString &message);\n"
            "    QString m_error;\n};\n"
            "namespace {\n"
            "bool recordVersionsIn(QSqlDatabase &db, const QString &table,\n"
            "                      const QString &versions, QString *error)\n{\n"
            "    return db.isOpen();\n}\n}\n"
            "bool SyncPull::fail(const QString &message)\n{\n    m_error = message;\n    return false;\n}\n}\n");
        QCOMPARE(reasonsKeptAside(old),
                 QStringList({QStringLiteral("openReadServer (line 7): a QString * error out-parameter"),
                              QStringLiteral("fail (line 8): a bool fail() that keeps the reason in a member"),
                              QStringLiteral("recordVersionsIn (line 12): a QString * error out-parameter"),
                              QStringLiteral("fail (line 18): a bool fail() that keeps the reason in a member")}));
        const QString converted = QStringLiteral(
            "namespace ekn {\n"
            "// Once: bool fail(const QString &message); and bool f(QString *error);\n"
            "class RemoteSession\n{\npublic:\n    Status connect();\n"
            "private:\n    Result<QSqlDatabase> openReadServer();\n    Failure fail(const QString &message, bool retryable);\n};\n"
            "Status recordVersionsIn(QSqlDatabase &db, const QString &table, const QString &versions);\n"
            "void Player::fail(const QString &message)\n{\n    m_error = message;\n}\n"
            "bool merge(const QJsonObject &row, QString *importedAt, QString *deletedAt);\n}\n");
        QCOMPARE(reasonsKeptAside(converted), QStringList());
    }

    // The scanner behind the test above, on headers whose answer is known: it must find the
    // old conventions (or the test could never fail) and leave Result reads, private helpers
    // and comments alone.
    void sideChannelScannerFindsOutParametersAndBareReads()
    {
        const QString old = QStringLiteral(
            "#include <QList>\nnamespace ekn {\n"
            "class TrackStore\n{\npublic:\n    explicit TrackStore(const LibraryDatabase &db);\n"
            "    QList<Track> allTracks(int offset = 0,\n                           int limit = -1) const;\n"
            "    bool list(QList<LibraryFolder> *folders);\n"
            "    QString errorString() const { return m_error; }\n"
            "private:\n    QList<Track> select(const QString &where) const;\n    QString m_error;\n};\n"
            "bool importFile(const QString &path, QString *error);\n}\n");
        QCOMPARE(errorSideChannels(old),
                 QStringList({QStringLiteral("allTracks (line 7): a bare container read beside errorString()"),
                              QStringLiteral("list (line 9): a container filled through a pointer beside errorString()"),
                              QStringLiteral("importFile (line 15): a QString * error out-parameter")}));
        const QString converted = QStringLiteral(
            "namespace ekn {\n"
            "// Once: QList<Track> allTracks() const; and bool f(QString *error);\n"
            "class TrackStore\n{\npublic:\n    Result<QList<Track>> allTracks(int offset = 0) const;\n"
            "    Status updateTrack(const QString &id, const TrackEdit &edit);\n"
            "private:\n    bool connect(QString *error);\n};\n"
            "struct Playlist { QList<PlaylistEntry> entries() const; };\n}\n");
        QCOMPARE(errorSideChannels(converted), QStringList());
    }

    // The same scanner on edits that say "it failed" with false, 0 or an empty id and leave
    // the why in errorString() (PlaylistStore before issue 15) or error() (SyncPush before it):
    // the class is named once with its steps. Const queries, static and private functions, the
    // same class without an errorString() (a bool that is the answer, not a failure), and a
    // Result's own error() beside a step that returns Status are left alone.
    void sideChannelScannerFindsStepsThatReturnBoolBesideErrorString()
    {
        const QString old = QStringLiteral(
            "namespace ekn {\n"
            "class [[nodiscard]] PlaylistStore\n{\npublic:\n"
            "    QString create(const QString &name,\n                   const QString &description = {});\n"
            "    bool rename(const QString &id, const QString &name);\n"
            "    int addTracks(const QString &id, const QStringList &tracks, int position = -1);\n"
            "    bool isOpen() const { return m_open; }\n"
            "    static bool isSmart(const QString &description);\n"
            "    bool remove(const QString &id) { return touch(id); } // inline\n"
            "    QString errorString() const { return m_error; }\n"
            "private:\n    bool touch(const QString &id);\n    QString m_error;\n};\n}\n");
        QCOMPARE(errorSideChannels(old),
                 QStringList({QStringLiteral("PlaylistStore (line 2): steps that return bool or an empty id beside "
                                             "errorString(): create, rename, addTracks, remove")}));
        QString noErrorString = old;
        noErrorString.remove(QStringLiteral("    QString errorString() const { return m_error; }\n"));
        QCOMPARE(errorSideChannels(noErrorString), QStringList());
        // The same convention spelled error() (SyncPush, MigrationRunner before issue 15).
        QString errorSpelling = old;
        errorSpelling.replace(QStringLiteral("QString errorString() const"), QStringLiteral("QString error() const"));
        QCOMPARE(errorSideChannels(errorSpelling),
                 QStringList({QStringLiteral("PlaylistStore (line 2): steps that return bool or an empty id beside "
                                             "error(): create, rename, addTracks, remove")}));
        const QString converted = QStringLiteral(
            "namespace ekn {\n"
            "class PlaylistStore\n{\npublic:\n"
            "    Result<QString> create(const QString &name);\n"
            "    Status rename(const QString &id, const QString &name);\n"
            "    Result<int> addTracks(const QString &id, const QStringList &tracks);\n"
            "    bool isOpen() const;\n"
            "private:\n    bool touch(const QString &id);\n};\n"
            "class Other\n{\npublic:\n    QString errorString() const;\n    bool ready() const;\n};\n}\n");
        QCOMPARE(errorSideChannels(converted), QStringList());
        // A step that returns Status, beside a Result whose error() is the answer's own.
        const QString result = QStringLiteral(
            "namespace ekn {\n"
            "template <class T>\nclass [[nodiscard]] Result\n{\npublic:\n    Result(T value);\n"
            "    bool ok() const { return m_value.has_value(); }\n    const QString &error() const { return m_error; }\n"
            "    T &value() &;\n};\n"
            "class SyncPush\n{\npublic:\n    Status run();\n    int pushed() const { return m_pushed; }\n};\n}\n");
        QCOMPARE(errorSideChannels(result), QStringList());
    }

    void uiContainsNoSql()
    {
        const QRegularExpression sql(QStringLiteral("QSqlQuery|\"(SELECT|INSERT|UPDATE|DELETE|CREATE|DROP) "));
        const ekn::Result<QList<SourceFile>> files = sourceFiles({"ui"});
        QVERIFY2(files, qPrintable(files.error()));
        for (const SourceFile &f : *files)
            QVERIFY2(!sql.match(f.text).hasMatch(), qPrintable(f.path));
        QVERIFY(files->size() > 10);
    }

    // Two branches that each add "the next" schema file must not both ship number N: the
    // library or server would apply one and silently skip the other.
    void schemaVersionsAreUnique()
    {
        for (const char *folder : {"/resources/local-schema", "/migrations/versions"}) {
            const QDir dir(QStringLiteral(EKN_SOURCE_DIR) + QLatin1String(folder));
            QHash<QString, QString> seen; // number -> name (up and down of one version share it)
            const QStringList files = dir.entryList({QStringLiteral("*.sql")}, QDir::Files);
            QVERIFY2(files.size() > 3, folder);
            for (const QString &f : files) {
                const QString number = f.section(QLatin1Char('_'), 0, 0);
                const QString name = f.section(QLatin1Char('.'), 0, 0);
                QVERIFY2(!seen.contains(number) || seen.value(number) == name,
                         qPrintable(f + QLatin1String(" and ") + seen.value(number) + QLatin1String(" share ") + number));
                seen.insert(number, name);
            }
        }
    }

    // The library sits in <data>/EKNMusic, not EKNMusic/EKNMusic; a library an older version
    // left at the doubled path is still the one used (never an empty new one).
    void libraryPathIsNotDoubledAndAnOldOneIsStillFound()
    {
        QTemporaryDir home;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("EKN_DATA_DIR"));
        env.insert(QStringLiteral("HOME"), home.path());
        env.insert(QStringLiteral("XDG_DATA_HOME"), home.filePath(QStringLiteral("data")));
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), home.filePath(QStringLiteral("config")));
        ProcessResult r = runCli({QStringLiteral("folders"), QStringLiteral("list")}, {}, env);
        QCOMPARE(r.exitCode, 0);
        QVERIFY(QFile::exists(home.filePath(QStringLiteral("data/EKNMusic/library.sqlite"))));
        QVERIFY(!QFile::exists(home.filePath(QStringLiteral("data/EKNMusic/EKNMusic"))));

        QTemporaryDir older;
        const QString legacy = older.filePath(QStringLiteral("data/EKNMusic/EKNMusic"));
        QVERIFY(QDir().mkpath(older.filePath(QStringLiteral("music"))));
        r = runCli({QStringLiteral("folders"), QStringLiteral("add"), older.filePath(QStringLiteral("music")),
                    QStringLiteral("--data-dir"), legacy}, {}, env);
        QVERIFY2(QFile::exists(legacy + QStringLiteral("/library.sqlite")), qPrintable(r.err));
        env.insert(QStringLiteral("HOME"), older.path());
        env.insert(QStringLiteral("XDG_DATA_HOME"), older.filePath(QStringLiteral("data")));
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), older.filePath(QStringLiteral("config")));
        r = runCli({QStringLiteral("folders"), QStringLiteral("list")}, {}, env);
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains(older.filePath(QStringLiteral("music"))), qPrintable(r.out + r.err));
        QVERIFY(!QFile::exists(older.filePath(QStringLiteral("data/EKNMusic/library.sqlite"))));
    }

    void testClusterIsReachable()
    {
        TempDatabase db;
        QVERIFY2(db.isValid(), qPrintable(db.error()));
        {
            QSqlDatabase c = db.open(QStringLiteral("foundation-check"));
            QVERIFY(c.isOpen());
            QSqlQuery q(c);
            QVERIFY(q.exec(QStringLiteral("SHOW server_version_num")));
            QVERIFY(q.next());
            QVERIFY2(q.value(0).toInt() >= 150000, qPrintable(q.value(0).toString()));
        }
        QSqlDatabase::removeDatabase(QStringLiteral("foundation-check"));
    }
};

EKN_TEST_MAIN(QCoreApplication, TestFoundation)
#include "tst_foundation.moc"
