#pragma once

// core/tags: public header; lists what this folder offers.
