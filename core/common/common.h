#pragma once

// core/common: what every part of core shares.
//   logging.h           one logging category per area (eknmusic.scan, eknmusic.sync, ...)
//   result.h            Result<T> (a value or a readable reason), Failure, Status: what reads return
//   scopedtransaction.h RAII transaction that rolls back unless committed; begin() can fail
//   cputime.h           thread and process CPU time for logs and benchmarks
#include "common/cputime.h"
#include "common/logging.h"
#include "common/result.h"
#include "common/scopedtransaction.h"
