#pragma once

// core/playback: public header; lists what this folder offers.
