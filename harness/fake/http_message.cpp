#include "harness/fake/http_message.hpp"

#include <algorithm>
#include <cctype>

namespace harness::fake {

std::string_view Request::path() const {
  std::string_view t = target;
  return t.substr(0, t.find('?'));
}

std::string_view Request::query() const {
  auto q = target.find('?');
  return q == std::string::npos ? std::string_view{} : std::string_view{target}.substr(q + 1);
}

const std::string* Request::header(std::string_view name) const {
  auto same = [&](const std::string& key) {
    return key.size() == name.size() && std::equal(key.begin(), key.end(), name.begin(), [](char a, char b) {
             return std::tolower(static_cast<unsigned char>(a)) ==
                    std::tolower(static_cast<unsigned char>(b));
           });
  };
  for (const auto& [key, value] : headers)
    if (same(key)) return &value;
  return nullptr;
}

Response json_response(int status, std::string body) {
  return Response{
      .status = status, .headers = {{"Content-Type", "application/json"}}, .body = std::move(body)};
}

bool is_token(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](unsigned char c) {
    return std::isalnum(c) ||
           std::string_view("!#$%&'*+-.^_`|~").find(static_cast<char>(c)) != std::string_view::npos;
  });
}

bool is_header_byte(unsigned char c) {
  return (c >= 0x20 || c == '\t') && c != 0x7f;
}

bool is_header_value(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](unsigned char c) { return is_header_byte(c); });
}

}  // namespace harness::fake
