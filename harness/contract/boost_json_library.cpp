// Boost.JSON in header-only mode: its compiled part, once for the program (Debian ships no libboost_json).
#include <boost/json/src.hpp>
