#include "harness/client/exchange.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <string_view>

namespace harness::client {

const char* transport_error_name(TransportError error) {
  switch (error) {
    case TransportError::none:
      return "none";
    case TransportError::refused:
      return "refused";
    case TransportError::reset:
      return "reset";
    case TransportError::timeout:
      return "timeout";
    case TransportError::closed:
      return "closed";
    case TransportError::truncated:
      return "truncated";
    case TransportError::protocol:
      return "protocol";
    case TransportError::tls:
      return "tls";
    case TransportError::resolve:
      return "resolve";
    case TransportError::interrupted:
      return "interrupted";
    case TransportError::other:
      return "other";
  }
  return "other";
}

namespace {

void append_body(std::string& out, const std::string& body, std::size_t limit) {
  if (body.empty()) return;
  out += '\n';
  if (body.size() <= limit) {
    out += body;
  } else {
    out.append(body, 0, limit);
    out += "\n... (" + std::to_string(body.size() - limit) + " more bytes)";
  }
  out += '\n';
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i])))
      return false;
  return true;
}

}  // namespace

bool is_secret_header(std::string_view name) {
  return iequals(name, "X-Auth-Token") || iequals(name, "Authorization") ||
         iequals(name, "Proxy-Authorization") || iequals(name, "X-Subject-Token") || iequals(name, "Cookie");
}

std::string Exchange::transcript(std::size_t body_limit) const {
  // Appended piece by piece into one string sized once: a transcript is made for every exchange a case
  // keeps, so temporaries per header would be most of its cost.
  std::size_t size = 64 + method.size() + (target.empty() ? url : target).size() + error_message.size() +
                     std::min(request_body.size(), body_limit) + std::min(response_body.size(), body_limit);
  for (const auto& [name, value] : request_headers) size += name.size() + value.size() + 5;
  for (const auto& [name, value] : response_headers) size += name.size() + value.size() + 5;
  std::string out;
  out.reserve(size);
  auto line = [&out](char side, std::string_view name, std::string_view value) {
    out += side;
    out += ' ';
    out += name;
    out += ": ";
    out += value;
    out += '\n';
  };
  out += "> ";
  out += method;
  out += ' ';
  out += target.empty() ? url : target;
  out += '\n';
  for (const auto& [name, value] : request_headers)
    if (name != "Host")  // the port changes every run
      line('>', name, is_secret_header(name) ? std::string_view("***") : std::string_view(value));
  append_body(out, request_body, body_limit);
  char elapsed[32];
  std::snprintf(elapsed, sizeof elapsed, "%.1f", elapsed_ms);
  if (!ok()) {
    out += "! ";
    out += transport_error_name(error);
    out += ": ";
    out += error_message;
    out += " (after ";
    out += elapsed;
    out += " ms)\n";
    if (status == 0) return out;
  }
  out += "< ";
  out += std::to_string(status);
  out += " (";
  out += elapsed;
  out += " ms)\n";
  for (const auto& [name, value] : response_headers) line('<', name, value);
  append_body(out, response_body, body_limit);
  return out;
}

}  // namespace harness::client
