#pragma once

// core/account: who the user is on the server, and keeping that safe.
//
// AccountService   async API for the GUI (own thread; finished() signal): register, sign in,
//                  sign out (here or everywhere), restore the kept session, who am I.
// AccountClient    the same as a blocking API for one thread (CLI, sync thread); refreshes the
//                  access token when it expires.
// AccountResult    status codes from the server's auth functions -> plain messages.
// AccountSession   user id, email and the token pair (memory + keychain only).
// TokenStore       the OS keychain via QtKeychain: service "EKNMusic", key
//                  "EKNMusic/<host:port/database>/<email>"; never a plain-text fallback.
// UserTransaction  BEGIN + set_config('eknmusic.token', $1, true): every remote transaction
//                  made for a user starts with it, so RLS sees who it is (PgBouncer-safe).
#include "account/accountclient.h"
#include "account/accountservice.h"
#include "account/accountstatus.h"
#include "account/tokenstore.h"
#include "account/usertransaction.h"
