#pragma once

// core/remote: public header; lists what this folder offers.
