#pragma once
// The query string of a request: decoded parameters and strict integer parsing.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace harness::fake {

class Query {
 public:
  explicit Query(std::string_view query);               // "a=1&b=x%20y" (+ and %XX decoded)
  const std::string* get(std::string_view name) const;  // the first value; nullptr when absent

 private:
  std::vector<std::pair<std::string, std::string>> params_;
};

// "12" -> 12, "-3" -> -3; "", "1.5", "abc", "1e3", " 1" and out-of-range values -> nullopt.
std::optional<long long> parse_integer(std::string_view text);

}  // namespace harness::fake
