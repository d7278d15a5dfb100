// A request as the routes of server.cpp read it: the method, the path and the query parameters, all
// percent-decoded, as cpp-httplib gave them before (so every URL keeps its meaning), and what the
// page and the API make of its parameters. Private to the server library (and its fuzz target,
// tests/fuzz/request_fuzz.cpp). Functions are pure and thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fahras/html.h"
#include "fahras/searcher.h"
#include "fahras/server.h"

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

enum class Endpoint { kPage, kApi };

// The form as the request filled it, for echoing back on the page; never throws.
html::PageForm read_form(const Request& req);

// The search the request asks of `endpoint`, from serve.search and the parameters (server.h). Throws
// Error (kUsage) naming the first bad parameter and its value.
//
// Source and category go into SearchOptions::sources and ::categories, which the Searcher turns into
// the same filter terms as source:x and category:x (query.h field_filter). They are never pasted
// into the query text: a value like `x) OR (تونس` or `bbc" -"` would otherwise change the query's
// meaning; as a field it is only a (non-matching) source name.
SearchOptions read_search(const Request& req, const ServeOptions& serve, Endpoint endpoint);

}  // namespace fahras::http
