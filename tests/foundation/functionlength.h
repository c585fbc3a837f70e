#pragma once

#include <QList>
#include <QString>

// A small C++ reader for the STYLE rule "no function over 80 lines": it finds the outermost
// function bodies of a source file (free functions, member functions, constructors with
// their initializer lists; lambdas count as part of the function they are in) by brace depth,
// after blanking comments, string and character literals, raw strings and preprocessor lines.
// Not a parser: good enough for this code base's style (clang-format), and tested on samples.
struct FunctionSpan
{
    QString name;  // the qualified name before the parameter list: "MainWindow::MainWindow"
    int firstLine; // the line of the opening brace (1-based)
    int lines;     // from the opening to the closing brace, both included
};

// Every outermost function body in `source`.
QList<FunctionSpan> functionSpans(const QString &source);
