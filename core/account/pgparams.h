#pragma once
// PgParams and PgResult moved to core/remote (generic PostgreSQL plumbing, used by sync too).
#include "remote/pgparams.h"
