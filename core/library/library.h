#pragma once

// core/library: public header; lists what this folder offers.
