#pragma once

// core/account: who the user is on the server, and keeping that safe.
//
// AccountService   async API for the GUI (own thread; finished() signal): register, sign in,
//                  sign out (here or everywhere), restore the kept session, who am I.
// AccountClient    the same as a blocking API for one thread (CLI, sync thread), one call of
//                  the server's schema api per operation (docs/SERVER-API.md); refreshes the
//                  access token when it expires or the server answers EK401.
// AccountResult    status codes from the server's auth functions -> plain messages.
// AccountSession   user id, email and the token pair (memory + keychain only).
// TokenStore       the OS keychain via QtKeychain: service "EKNMusic", key
//                  "EKNMusic/<host:port/database>/<email>"; never a plain-text fallback.
//                  (Its Backend lets the load generator keep secrets in memory instead.)
#include "account/accountclient.h"
#include "account/accountservice.h"
#include "account/accountstatus.h"
#include "account/tokenstore.h"
