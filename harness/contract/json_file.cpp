// Reading a fixture file: a SAX parser that builds the document and always knows its JSON pointer.
#include "harness/contract/json_file.hpp"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>
#include <system_error>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/contract/fixture_store.hpp"
#include "harness/contract/json_pointer.hpp"

namespace harness::contract::detail {
namespace {

using json = nlohmann::json;

struct SyntaxProblem {
  std::string pointer;
  std::string why;
};

// Builds the DOM like nlohmann's own parser, and additionally tracks where it is, so that a syntax error or a
// duplicate key can be reported with the pointer of the value being read.
class TrackingBuilder : public nlohmann::json_sax<json> {
 public:
  explicit TrackingBuilder(const std::string& text) : text_(text) {}

  json& result() { return root_; }
  const SyntaxProblem& problem() const { return problem_; }

  bool null() override { return add(json(nullptr)); }
  bool boolean(bool value) override { return add(json(value)); }
  bool number_integer(number_integer_t value) override { return add(json(value)); }
  bool number_unsigned(number_unsigned_t value) override { return add(json(value)); }
  bool number_float(number_float_t value, const string_t&) override { return add(json(value)); }
  bool string(string_t& value) override { return add(json(std::move(value))); }
  bool binary(binary_t& value) override { return add(json::binary(std::move(value))); }

  bool start_object(std::size_t) override { return open(json::object()); }
  bool start_array(std::size_t) override { return open(json::array()); }
  bool end_object() override { return close(); }
  bool end_array() override { return close(); }

  bool key(string_t& name) override {
    Frame& frame = frames_.back();
    if (frame.node->contains(name)) {
      frame.key = name;
      frame.has_key = true;
      problem_ = {pointer_here(), "duplicate key \"" + name + "\" in one object"};
      return false;
    }
    frame.key = std::move(name);
    frame.has_key = true;
    return true;
  }

  bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& ex) override {
    // Where the offending token ends: the last character read, not counting whitespace the lexer consumed
    // after it (so "tru\n" is reported on its own line). Columns count from 1.
    std::size_t end = std::min(position, text_.size());
    while (end > 1 && std::isspace(static_cast<unsigned char>(text_[end - 1]))) --end;
    std::size_t line = 1;
    std::size_t line_start = 0;
    for (std::size_t i = 0; i + 1 < end; ++i) {
      if (text_[i] == '\n') {
        ++line;
        line_start = i + 1;
      }
    }
    const std::size_t column = end == 0 ? 0 : end - line_start;
    // nlohmann's text reads "[json.exception.parse_error.101] parse error at line 2, column 5: <detail>".
    std::string detail = ex.what();
    if (const auto at = detail.find("parse error"); at != std::string::npos) {
      if (const auto colon = detail.find(": ", at); colon != std::string::npos)
        detail = detail.substr(colon + 2);
    }
    problem_ = {pointer_here(), "invalid JSON at line " + std::to_string(line) + ", column " +
                                    std::to_string(column) + ": " + detail};
    return false;
  }

 private:
  struct Frame {
    json* node;
    std::string key;
    bool has_key = false;  // objects: a key was read and its value is not complete yet
  };

  // Stores value at the current position; returns where it landed.
  json* place(json value) {
    if (frames_.empty()) {
      root_ = std::move(value);
      return &root_;
    }
    Frame& frame = frames_.back();
    if (frame.node->is_array()) {
      frame.node->push_back(std::move(value));
      return &frame.node->back();
    }
    json& slot = (*frame.node)[frame.key];
    slot = std::move(value);
    return &slot;
  }

  bool add(json value) {
    place(std::move(value));
    if (!frames_.empty()) frames_.back().has_key = false;
    return true;
  }

  bool open(json container) {
    json* node = place(std::move(container));
    frames_.push_back({node, {}, false});
    return true;
  }

  bool close() {
    frames_.pop_back();
    if (!frames_.empty()) frames_.back().has_key = false;
    return true;
  }

  // Pointer of the value being read: outer frames name the child in progress, the innermost names the pending
  // key (objects) or the next index (arrays).
  std::string pointer_here() const {
    Tokens tokens;
    for (std::size_t i = 0; i < frames_.size(); ++i) {
      const Frame& frame = frames_[i];
      const bool innermost = i + 1 == frames_.size();
      if (frame.node->is_array()) {
        const std::size_t size = frame.node->size();
        tokens.push_back(std::to_string(innermost ? size : size - 1));
      } else if (frame.has_key || !innermost) {
        tokens.push_back(frame.key);
      }
    }
    return join_pointer(tokens);
  }

  const std::string& text_;
  json root_;
  std::vector<Frame> frames_;
  SyntaxProblem problem_;
};

std::string read_all(const std::filesystem::path& file) {
  std::error_code ec;
  if (std::filesystem::is_directory(file, ec)) throw FixtureError(display_path(file), "", "is a directory");
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    const bool exists = std::filesystem::exists(file, ec);
    throw FixtureError(display_path(file), "", exists ? "cannot be read" : "no such fixture file");
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) throw FixtureError(display_path(file), "", "read error");
  return buffer.str();
}

}  // namespace

std::string display_path(const std::filesystem::path& file) {
  return file.generic_string();
}

json read_json_file(const std::filesystem::path& file) {
  const std::string text = read_all(file);
  TrackingBuilder builder(text);
  if (!json::sax_parse(text, &builder, json::input_format_t::json, /*strict=*/true)) {
    throw FixtureError(display_path(file), builder.problem().pointer, builder.problem().why);
  }
  return std::move(builder.result());
}

}  // namespace harness::contract::detail
