#include "harness/script/response_body.hpp"

#include <algorithm>
#include <new>
#include <vector>

#include <boost/json/value.hpp>

#include "harness/contract/plain_json.hpp"
#include "harness/script/lua_fields.hpp"
#include "harness/script/lua_guard.hpp"
#include "harness/script/lua_value.hpp"

namespace harness::script {

ParsedBody::ParsedBody() = default;
ParsedBody::~ParsedBody() = default;

namespace {

constexpr const char* kBodyType = "harness.response_body";     // the parse's userdata
constexpr const char* kResponseType = "harness.response";      // every response table's metatable
constexpr const char* kBodiesKey = "harness.response_bodies";  // response table -> userdata, weak keys

struct BodySlot {
  bool parsed = false;
  bool fields_set = false;  // json/json_error were put into the table (once: a script may clear them)
  ParsedBody body;
};

int destroy_slot(lua_State* L) {
  static_cast<BodySlot*>(luaL_checkudata(L, 1, kBodyType))->~BodySlot();
  return 0;
}

// The body's parse, done on first use; the body string is the userdata's user value.
const ParsedBody& parse(lua_State* L, BodySlot& slot, int slot_index) {
  if (slot.parsed) return slot.body;
  lua_getiuservalue(L, slot_index, 1);
  std::size_t length = 0;
  const char* body = lua_tolstring(L, -1, &length);  // stays valid: the userdata holds the string
  lua_pop(L, 1);
  if (auto plain = contract::parse_plain_json({body, length}, kMaxDepth)) {
    slot.body.plain = std::make_unique<const boost::json::value>(std::move(*plain));
    slot.parsed = true;
    return slot.body;
  }
  try {
    slot.body.value = nlohmann::json::parse(body, body + length);
  } catch (const nlohmann::json::exception& e) {  // parse_error, and out_of_range for a number like 1e999
    slot.body.parse_error = e.what();
  }
  if (slot.body.value) {
    slot.body.nesting = json_nesting_problem(*slot.body.value);
    if (slot.body.nesting)
      slot.body.value.reset();  // the schema walk and push_json would follow it that deep
  }
  slot.parsed = true;
  return slot.body;
}

// As push_json (lua_value.hpp) pushes nlohmann's form of the same value, keys in the same order: a table
// built by the same steps iterates the same way. Nested at most kMaxDepth: parse_plain_json saw to that.
void push_plain_json(lua_State* L, const boost::json::value& value) {
  luaL_checkstack(L, 4, "JSON nested too deep");
  switch (value.kind()) {
    case boost::json::kind::null:
      push_null(L);
      break;
    case boost::json::kind::bool_:
      lua_pushboolean(L, value.get_bool());
      break;
    case boost::json::kind::int64:
      lua_pushinteger(L, value.get_int64());
      break;
    case boost::json::kind::uint64:  // not from parse_plain_json; as push_json does nlohmann's unsigned
      push_unsigned(L, value.get_uint64());
      break;
    case boost::json::kind::double_:
      lua_pushnumber(L, value.get_double());
      break;
    case boost::json::kind::string: {
      const auto& s = value.get_string();
      lua_pushlstring(L, s.data(), s.size());
      break;
    }
    case boost::json::kind::array: {
      const auto& array = value.get_array();
      lua_createtable(L, static_cast<int>(std::min<std::size_t>(array.size(), 1u << 20)), 0);
      lua_Integer i = 1;
      for (const auto& item : array) {
        push_plain_json(L, item);
        lua_rawseti(L, -2, i++);
      }
      break;
    }
    case boost::json::kind::object: {
      const auto& object = value.get_object();
      lua_createtable(L, 0, static_cast<int>(std::min<std::size_t>(object.size(), 1u << 20)));
      std::vector<const boost::json::key_value_pair*> by_key;  // nlohmann's objects are ordered by key
      by_key.reserve(object.size());
      for (const auto& item : object) by_key.push_back(&item);
      std::sort(by_key.begin(), by_key.end(),
                [](const auto* a, const auto* b) { return a->key() < b->key(); });
      for (const auto* item : by_key) {
        lua_pushlstring(L, item->key().data(), item->key().size());
        push_plain_json(L, item->value());
        lua_rawset(L, -3);
      }
      break;
    }
  }
}

// Pushes the response table's slot (or nil); returns it, or nullptr.
BodySlot* push_slot(lua_State* L, int response_index) {
  response_index = lua_absindex(L, response_index);
  lua_getfield(L, LUA_REGISTRYINDEX, kBodiesKey);
  if (lua_isnil(L, -1)) return nullptr;
  lua_pushvalue(L, response_index);
  lua_rawget(L, -2);
  lua_remove(L, -2);
  return static_cast<BodySlot*>(luaL_testudata(L, -1, kBodyType));
}

// __index of a response table: json and json_error appear on first read, then are plain fields.
int response_index(lua_State* L) {
  lua_settop(L, 2);
  if (lua_type(L, 2) != LUA_TSTRING) return 0;
  const std::string key = string_at(L, 2);
  if (key != "json" && key != "json_error") return 0;
  BodySlot* slot = push_slot(L, 1);  // 3
  if (slot == nullptr || slot->fields_set) return 0;
  const ParsedBody& body = parse(L, *slot, 3);
  slot->fields_set = true;
  if (body.plain) {
    push_plain_json(L, *body.plain);
    lua_setfield(L, 1, "json");
  } else if (body.value) {
    push_json(L, *body.value);
    lua_setfield(L, 1, "json");
  } else {
    const std::string problem = body.nesting ? "the body is " + *body.nesting : body.parse_error;
    lua_pushlstring(L, problem.data(), problem.size());
    lua_setfield(L, 1, "json_error");
  }
  lua_pushvalue(L, 2);
  lua_rawget(L, 1);
  return 1;
}

void push_response_metatable(lua_State* L) {
  if (luaL_newmetatable(L, kResponseType)) {
    push_guarded(L, "response.__index", response_index);
    lua_setfield(L, -2, "__index");
    lua_pushboolean(L, 0);  // getmetatable(res) is false: scripts neither see nor change it
    lua_setfield(L, -2, "__metatable");
  }
}

void push_bodies(lua_State* L) {
  if (lua_getfield(L, LUA_REGISTRYINDEX, kBodiesKey) != LUA_TNIL) return;
  lua_pop(L, 1);
  lua_newtable(L);
  lua_createtable(L, 0, 1);
  lua_pushliteral(L, "k");
  lua_setfield(L, -2, "__mode");
  lua_setmetatable(L, -2);
  lua_pushvalue(L, -1);
  lua_setfield(L, LUA_REGISTRYINDEX, kBodiesKey);
}

}  // namespace

void attach_lazy_body(lua_State* L, int response_index) {
  const int response = lua_absindex(L, response_index);
  const int top = lua_gettop(L);
  push_response_metatable(L);
  lua_setmetatable(L, response);
  push_raw_field(L, response, "body");                             // top + 1
  if (lua_type(L, -1) != LUA_TSTRING || lua_rawlen(L, -1) == 0) {  // no body: neither json nor json_error
    lua_settop(L, top);
    return;
  }
  push_bodies(L);  // top + 2
  lua_pushvalue(L, response);
  new (lua_newuserdatauv(L, sizeof(BodySlot), 1)) BodySlot{};
  if (luaL_newmetatable(L, kBodyType)) {
    lua_pushcfunction(L, destroy_slot);
    lua_setfield(L, -2, "__gc");
  }
  lua_setmetatable(L, -2);
  lua_pushvalue(L, top + 1);
  lua_setiuservalue(L, -2, 1);
  lua_rawset(L, top + 2);  // bodies[response] = slot
  lua_settop(L, top);
}

const ParsedBody* parsed_response_body(lua_State* L, int index) {
  index = lua_absindex(L, index);
  const int top = lua_gettop(L);
  BodySlot* slot = push_slot(L, index);
  const ParsedBody* out = nullptr;
  if (slot != nullptr) {
    const int slot_index = lua_gettop(L);
    lua_getiuservalue(L, slot_index, 1);  // the body received
    push_raw_field(L, index, "body");     // the body now
    if (lua_rawequal(L, -1, -2)) out = &parse(L, *slot, slot_index);
  }
  lua_settop(L, top);
  return out;  // the slot stays alive: the response table (at `index`) is its weak table's key
}

}  // namespace harness::script
