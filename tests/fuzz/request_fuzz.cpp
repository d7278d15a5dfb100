// libFuzzer target: what the server makes of the bytes a client sends. The input is one HTTP request
// as it arrives on a socket; Beast's parser reads it with the server's bounds, and a request it
// accepts and routes goes through parse_target, read_form and read_search for both the page and the API, as
// server.cpp routes it. Invariants: read_form never throws; read_search either gives options within
// the server's bounds (limit at most max_limit, offset at most max_offset) or refuses with
// Error::kUsage and a short one-line message naming a parameter (the server logs it on one line and sends
// it as the 400's text).
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "../../server/request.h"
#include "fahras/error.h"
#include "fuzz_util.h"

namespace {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;

void check_search(const fahras::http::Request& req, const fahras::ServeOptions& serve,
                  fahras::http::Endpoint endpoint) {
  try {
    const fahras::SearchOptions options = fahras::http::read_search(req, serve, endpoint);
    fahras::fuzz::check(options.limit <= serve.max_limit, "limit above max_limit");
    fahras::fuzz::check(options.offset <= serve.max_offset, "offset above max_offset");
    if (endpoint == fahras::http::Endpoint::kPage) fahras::fuzz::check(options.limit >= 1, "page of no results");
  } catch (const fahras::Error& e) {
    fahras::fuzz::check(e.kind() == fahras::Error::Kind::kUsage, "error of another kind");
    const std::string_view what = e.what();
    fahras::fuzz::check(!what.empty() && what.find('\n') == std::string_view::npos, "message not one line");
    fahras::fuzz::check(what.size() < 512, "message quotes a whole long value");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const fahras::ServeOptions serve;
  bhttp::request_parser<bhttp::string_body> parser;
  parser.header_limit(static_cast<std::uint32_t>(serve.max_header_bytes));
  parser.body_limit(serve.max_body_bytes);
  parser.eager(true);
  beast::error_code ec;
  parser.put(boost::asio::buffer(data, size), ec);
  if (ec || !parser.is_header_done()) return 0;
  const auto& request = parser.get();
  // What server.cpp routes: a target within its bound that starts with '/'.
  const std::string_view method(request.method_string().data(), request.method_string().size());
  const std::string_view target(request.target().data(), request.target().size());
  if (target.size() > serve.max_target_bytes || !target.starts_with('/')) return 0;
  const fahras::http::Request req = fahras::http::parse_target(method, target);
  (void)fahras::http::read_form(req);
  check_search(req, serve, fahras::http::Endpoint::kPage);
  check_search(req, serve, fahras::http::Endpoint::kApi);
  return 0;
}
