#pragma once

// core/sync: public header; lists what this folder offers.
