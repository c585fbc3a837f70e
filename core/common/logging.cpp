#include "common/logging.h"

Q_LOGGING_CATEGORY(lcCore, "eknmusic.core", QtInfoMsg)
Q_LOGGING_CATEGORY(lcTags, "eknmusic.tags", QtInfoMsg)
Q_LOGGING_CATEGORY(lcScan, "eknmusic.scan", QtInfoMsg)
Q_LOGGING_CATEGORY(lcLibrary, "eknmusic.library", QtInfoMsg)
Q_LOGGING_CATEGORY(lcRemote, "eknmusic.remote", QtInfoMsg)
Q_LOGGING_CATEGORY(lcAccount, "eknmusic.account", QtInfoMsg)
Q_LOGGING_CATEGORY(lcSync, "eknmusic.sync", QtInfoMsg)
Q_LOGGING_CATEGORY(lcPlayback, "eknmusic.playback", QtInfoMsg)
