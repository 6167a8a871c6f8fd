// http.get(path, opts) and http.request(method, path, opts): send through the scenario's client, record the
// exchange, and return {status, headers, body, json, json_error, elapsed_ms}. A transport failure raises
// {kind = "refused" | "reset" | "timeout" | "closed" | "truncated" | ..., message = ...}.
#include <strings.h>
#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <utility>

#include "harness/client/http_client.hpp"
#include "harness/script/context.hpp"
#include "harness/script/lua_fields.hpp"
#include "harness/script/lua_guard.hpp"
#include "harness/script/lua_state.hpp"
#include "harness/script/lua_value.hpp"
#include "harness/script/response_body.hpp"

namespace harness::script {
namespace {

client::Request read_request(lua_State* L, std::string method, int path_index, int opts_index) {
  client::Request request;
  request.method = std::move(method);
  std::size_t length = 0;
  const char* target = luaL_checklstring(L, path_index, &length);
  request.target.assign(target, length);
  if (request.target.empty() || request.target[0] != '/')
    throw std::invalid_argument("the path must start with '/', got \"" + request.target + "\"");
  if (lua_isnoneornil(L, opts_index)) return request;
  luaL_checktype(L, opts_index, LUA_TTABLE);

  bool json_body = false;
  lua_pushnil(L);
  while (lua_next(L, opts_index)) {
    const std::string key = lua_type(L, -2) == LUA_TSTRING ? string_at(L, -2) : "?";
    if (key == "headers") {
      luaL_argexpected(L, lua_istable(L, -1), opts_index, "headers as a table of strings");
      lua_pushnil(L);
      while (lua_next(L, -2)) {
        if (lua_type(L, -2) != LUA_TSTRING || lua_type(L, -1) != LUA_TSTRING)
          throw std::invalid_argument("headers must map header names to strings");
        request.headers.emplace_back(string_at(L, -2), string_at(L, -1));
        lua_pop(L, 1);
      }
      // Lua's table order changes from run to run; the same scenario must send the same bytes.
      std::sort(request.headers.begin(), request.headers.end());
    } else if (key == "body") {
      json_body = lua_type(L, -1) != LUA_TSTRING;
      request.body = json_text(L, -1, "body");
    } else if (key == "timeout") {
      double seconds = luaL_checknumber(L, -1);
      if (!(seconds > 0)) throw std::invalid_argument("timeout must be a positive number of seconds");
      request.read_timeout = std::chrono::milliseconds(static_cast<long long>(seconds * 1000));
    } else {
      throw std::invalid_argument("unknown option '" + key + "' (headers, body, timeout)");
    }
    lua_pop(L, 1);
  }
  auto has_content_type = std::any_of(request.headers.begin(), request.headers.end(), [](const auto& header) {
    return header.first.size() == 12 && strncasecmp(header.first.c_str(), "Content-Type", 12) == 0;
  });
  if (json_body && !has_content_type) request.headers.emplace_back("Content-Type", "application/json");
  return request;
}

void push_response(lua_State* L, const client::Exchange& exchange) {
  lua_createtable(L, 0, 6);
  lua_pushinteger(L, exchange.status);
  lua_setfield(L, -2, "status");
  lua_createtable(L, 0, static_cast<int>(exchange.response_headers.size()));  // sized once, not rehashed
  std::string lower;  // one buffer for every name: no copy of each header
  for (const auto& [name, value] : exchange.response_headers) {
    lower.resize(name.size());
    std::transform(name.begin(), name.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
    lua_pushlstring(L, value.data(), value.size());
    lua_setfield(L, -2, lower.c_str());
  }
  lua_setfield(L, -2, "headers");
  lua_pushlstring(L, exchange.response_body.data(), exchange.response_body.size());
  lua_setfield(L, -2, "body");
  lua_pushnumber(L, exchange.elapsed_ms);
  lua_setfield(L, -2, "elapsed_ms");
  attach_lazy_body(L, -1);  // json and json_error: parsed when first read, or when conforms checks it
}

int send(lua_State* L, client::Request request) {
  auto& context = context_of(L);
  if (context.handler_depth > 0)
    throw std::logic_error(
        "not from an endpoint's handler: it answers a request the scenario's client is waiting for");
  // A blocking request must not outlive the case's wall-clock limit either.
  auto left = LuaState::of(L).time_left();
  if (left && (!request.read_timeout || *left < *request.read_timeout)) request.read_timeout = *left;
  context.in_http = true;  // the client answers the world's Lua-function endpoints while it waits
  context.exchanges.push_back(context.env.client.send(request));
  context.in_http = false;
  if (!context.handler_errors.empty()) {
    std::string failed;
    for (const auto& error : std::exchange(context.handler_errors, {})) failed += "\n" + error;
    throw std::runtime_error("an endpoint's handler failed while the request waited (answered 500):" +
                             failed);
  }
  const auto& exchange = context.exchanges.back();
  if (!exchange.ok()) {
    std::string message =
        lua_location(L, 1) + request.method + " " + request.target + ": " + exchange.error_message;
    raise_transport(L, client::transport_error_name(exchange.error), message,
                    message + "\n\n" + exchange.transcript());
  }
  push_response(L, exchange);
  return 1;
}

int http_get(lua_State* L) {
  return send(L, read_request(L, "GET", 1, 2));
}

int http_request(lua_State* L) {
  std::string method = luaL_checkstring(L, 1);
  std::transform(method.begin(), method.end(), method.begin(),
                 [](unsigned char c) { return std::toupper(c); });
  return send(L, read_request(L, method, 2, 3));
}

}  // namespace

void register_http_api(lua_State* L) {
  const luaL_Reg functions[] = {{"get", http_get}, {"request", http_request}, {nullptr, nullptr}};
  lua_newtable(L);
  set_guarded_functions(L, "http", functions);
  lua_setglobal(L, "http");
}

}  // namespace harness::script
