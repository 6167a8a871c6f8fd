#include "harness/fake/overrides.hpp"

#include <algorithm>
#include <cctype>

namespace harness::fake {

void lay_over(nlohmann::ordered_json& body, const nlohmann::json& overrides) {
  if (!body.is_object() || !overrides.is_object()) {
    body = overrides;
    return;
  }
  for (const auto& [name, value] : overrides.items()) {
    auto it = body.find(name);
    if (it != body.end() && it->is_object() && value.is_object())
      lay_over(*it, value);
    else
      body[name] = value;
  }
}

namespace {

bool same_name(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(),
                    [](unsigned char x, unsigned char y) { return std::tolower(x) == std::tolower(y); });
}

}  // namespace

void set_header(HeaderList& headers, const std::string& name, const std::string& value) {
  std::erase_if(headers, [&](const auto& header) { return same_name(header.first, name); });
  headers.emplace_back(name, value);
}

void set_headers(HeaderList& headers, const HeaderList& given) {
  for (const auto& [name, value] : given) set_header(headers, name, value);
}

}  // namespace harness::fake
