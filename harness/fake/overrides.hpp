#pragma once
// Fields a scenario set as given (harness/fake/spec.hpp), laid over a body the fake wrote: objects merge name
// by name, any other value (null included) replaces what was there, and a name the body lacks is added.
#include <nlohmann/json.hpp>

#include "harness/fake/http_message.hpp"

namespace harness::fake {

void lay_over(nlohmann::ordered_json& body, const nlohmann::json& overrides);

// Sets `name` (compared without case) to `value`, replacing an earlier header of that name.
void set_header(HeaderList& headers, const std::string& name, const std::string& value);
void set_headers(HeaderList& headers, const HeaderList& given);

}  // namespace harness::fake
