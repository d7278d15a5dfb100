// A request as the routes of server.cpp read it: the method, the path and the query parameters, all
// percent-decoded, as cpp-httplib gave them before (so every URL keeps its meaning). Private to the
// server library. Functions are pure and thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace fahras::http {

struct Request {
  std::string method;  // "GET", "HEAD", ...
  std::string path;    // decoded: "/api/search"
  std::vector<std::pair<std::string, std::string>> params;  // decoded, in the order of the URL

  // The first value of `name`, or "" when it is absent.
  std::string param(std::string_view name) const;
  // Every non-empty value of a repeatable parameter (?source=a&source=b), in order.
  std::vector<std::string> non_empty_params(std::string_view name) const;
};

// Decodes %XX (and %uXXXX, as browsers once sent non-ASCII) escapes; with `plus_is_space`, as in a
// query string, '+' is a space. A malformed escape is kept as written.
std::string url_decode(std::string_view text, bool plus_is_space);

// The request for `target` ("/api/search?q=%D8%AA&limit=3"): the path before '?', the parameters after
// it, split on '&' and at the first '='; a parameter without '=' has an empty value, one without a
// name is ignored.
Request parse_target(std::string_view method, std::string_view target);

}  // namespace fahras::http
