#pragma once

// core/playback: public header; lists what this folder offers.
//   player.h     Player: plays a queue of files through Qt Multimedia (QMediaPlayer +
//                QAudioOutput), with state/position/duration signals and one-line error
//                messages for unavailable files and formats that cannot be played.
//   playqueue.h  PlayQueue: what plays now and next: the context (in order or shuffled), the
//                items the user queued (Play Next, Add to Queue), and the repeat mode.
//   playbacksession.h PlaybackSession: the queue, position and modes kept across restarts.
//   playcounter.h PlayCounter: when a track counts as played (half of it or 4 minutes
//                listened) or skipped (left before 30 s); signals only, no I/O.
#include "playback/playbacksession.h"
#include "playback/playcounter.h"
#include "playback/player.h"
#include "playback/playqueue.h"
