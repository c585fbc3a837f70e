#include "common/cputime.h"

#ifndef Q_OS_WIN
#include <ctime>
#endif

namespace ekn {

#ifndef Q_OS_WIN
static qint64 clockNs(clockid_t clock)
{
    timespec ts{};
    clock_gettime(clock, &ts);
    return qint64(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

qint64 threadCpuNs() { return clockNs(CLOCK_THREAD_CPUTIME_ID); }
qint64 processCpuNs() { return clockNs(CLOCK_PROCESS_CPUTIME_ID); }
#else
qint64 threadCpuNs() { return 0; }
qint64 processCpuNs() { return 0; }
#endif

} // namespace ekn
