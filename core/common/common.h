#pragma once

// core/common: what every part of core shares.
//   appidentity.h       setApplicationIdentity(): names for settings and data paths
//   logging.h           one logging category per area (eknmusic.scan, eknmusic.sync, ...)
//   scopedtransaction.h RAII transaction that rolls back unless committed
//   cputime.h           thread and process CPU time for logs and benchmarks
#include "common/appidentity.h"
#include "common/cputime.h"
#include "common/logging.h"
#include "common/scopedtransaction.h"
