#pragma once

// core/scan: public header; lists what this folder offers.
