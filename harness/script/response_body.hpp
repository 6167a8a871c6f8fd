#pragma once
// A response's body parsed to JSON at most once, and only when asked: by reading res.json or res.json_error
// (the response table's metatable fills both fields on first use), or by expect(res).conforms(...), which
// checks the same parsed value. Private to harness/script/.
#include <lua.hpp>
#include <memory>
#include <optional>
#include <string>

#include <boost/json/fwd.hpp>
#include <nlohmann/json.hpp>

namespace harness::script {

struct ParsedBody {
  ParsedBody();
  ~ParsedBody();
  // By Boost.JSON when the body holds nothing it reads otherwise than nlohmann (contract/plain_json.hpp);
  // then `value` stays absent.
  std::unique_ptr<const boost::json::value> plain;
  std::optional<nlohmann::json> value;  // by nlohmann otherwise; absent: not JSON, or nested too deep
  std::string parse_error;              // the parser's message when it is not JSON
  std::optional<std::string> nesting;   // "nested deeper than 64 levels at /0/0/..." (json_nesting_problem)
};

// Gives the response table at `response_index` lazy json/json_error fields for its body field (a string,
// which the parse keeps alive whatever the script does to the table). An empty body gets neither field.
void attach_lazy_body(lua_State* L, int response_index);

// For the response table at `index`: its parsed body when the table came from http.* and its body field is
// still the string received (parsing it now if nothing asked before); nullptr otherwise.
const ParsedBody* parsed_response_body(lua_State* L, int index);

}  // namespace harness::script
