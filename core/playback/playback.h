#pragma once

// core/playback: public header; lists what this folder offers.
//   player.h     Player: plays a queue of files through Qt Multimedia (QMediaPlayer +
//                QAudioOutput), with state/position/duration signals and one-line error
//                messages for unavailable files and formats that cannot be played.
//   playqueue.h  PlayQueue: the ordered list of items the player walks with next/previous.
#include "playback/player.h"
#include "playback/playqueue.h"
