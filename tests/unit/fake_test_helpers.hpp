#pragma once
// What the fake's spec, endpoint and header tests share: the text of the error a spec call throws, and a GET.
#include <functional>
#include <stdexcept>
#include <string>
#include <utility>

#include "harness/fake/http_message.hpp"

namespace fake_test {

// The error's text, or "(no error)"; an error of another type than Error escapes and fails the test.
template <typename Error = std::invalid_argument>
std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "(no error)";
}

inline harness::fake::Request get(const std::string& target, harness::fake::HeaderList headers = {}) {
  harness::fake::Request request;
  request.method = "GET";
  request.target = target;
  request.headers = std::move(headers);
  return request;
}

}  // namespace fake_test
