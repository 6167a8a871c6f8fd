#pragma once
// Response bodies parsed by Boost.JSON, which takes a quarter of nlohmann's instructions, wherever the value
// is certain to read as nlohmann's parse of it did (res.json and conforms were built on that); nlohmann for
// the rest, so what a user sees does not change.
#include <cstddef>
#include <optional>
#include <string_view>

#include <boost/json/fwd.hpp>
#include <nlohmann/json_fwd.hpp>

namespace harness::contract {

// `text` parsed, or nullopt when it is not JSON, nests arrays and objects deeper than `max_depth`, or holds
// what nlohmann or valijson's Boost.JSON adapter would read otherwise: an integer beyond int64 (nlohmann's
// unsigned), a number that is not a finite double, a NUL in a string or key (the adapter cuts strings at
// one). Strings in the value are UTF-8: the parser refused any that were not.
std::optional<boost::json::value> parse_plain_json(std::string_view text, std::size_t max_depth);

// The same value as nlohmann's parse of its text gives: non-negative integers unsigned, objects ordered by
// key.
nlohmann::json to_nlohmann(const boost::json::value& value);

}  // namespace harness::contract
