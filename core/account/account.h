#pragma once

// core/account: public header; lists what this folder offers.
