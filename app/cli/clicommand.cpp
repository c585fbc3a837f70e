#include "clicommand.h"

#include <cstdio>

namespace ekn::cli {

QTextStream &out()
{
    static QTextStream stream(stdout);
    return stream;
}

QTextStream &err()
{
    static QTextStream stream(stderr);
    return stream;
}

} // namespace ekn::cli
