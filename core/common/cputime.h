#pragma once

#include <QtGlobal>

namespace ekn {

// CPU time in nanoseconds, for the debug logs and benchmarks: what a piece of work costs,
// whatever else the machine runs. 0 where the platform has no such clock (Windows).
qint64 threadCpuNs();  // the calling thread
qint64 processCpuNs(); // the whole process (all threads)

} // namespace ekn
