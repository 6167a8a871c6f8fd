#include "harness/fake/request_target.hpp"

#include <boost/url/parse.hpp>

namespace harness::fake {

std::optional<OriginForm> origin_form(std::string_view target) {
  if (!target.empty() && target.front() == '/') return OriginForm{std::string(target), {}};
  const auto url = boost::urls::parse_absolute_uri(target);
  if (!url ||
      (url->scheme_id() != boost::urls::scheme::http && url->scheme_id() != boost::urls::scheme::https) ||
      !url->has_authority() || url->has_userinfo() || url->encoded_host().empty())
    return std::nullopt;
  OriginForm form;
  const auto path = url->encoded_path();
  form.target = path.empty() ? "/" : std::string(path);
  if (url->has_query()) form.target += "?" + std::string(url->encoded_query());
  form.authority = url->encoded_authority();
  return form;
}

}  // namespace harness::fake
