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
  const std::vector<std::pair<std::string, std::string>>& params() const { return params_; }  // in order

 private:
  std::vector<std::pair<std::string, std::string>> params_;
};

// "12" -> 12, "-3" -> -3; "", "1.5", "abc", "1e3", " 1" and out-of-range values -> nullopt.
std::optional<long long> parse_integer(std::string_view text);

// The [first, last) indices of the page `offset`/`limit` of `total` items (both already validated as >= 0);
// past the end, an empty page.
std::pair<std::size_t, std::size_t> page_bounds(std::size_t total, long long offset, long long limit);

}  // namespace harness::fake
