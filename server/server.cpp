#include "fahras/server.h"

#include <netdb.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <charconv>
#include <exception>
#include <iostream>
#include <mutex>
#include <system_error>

#include <httplib.h>
#include <nlohmann/json.hpp>
#include <xapian.h>

#include "fahras/date.h"
#include "fahras/error.h"
#include "fahras/html.h"
#include "fahras/printer.h"

namespace fahras {
namespace {

using json = nlohmann::ordered_json;

// Concatenation by appending: std::string("x") + y trips GCC 12's false -Wrestrict at -O3.
template <typename... Parts>
std::string cat(const Parts&... parts) {
  std::string out;
  (out.append(std::string_view(parts)), ...);
  return out;
}

[[noreturn]] void bad_parameter(std::string_view name, std::string_view value, std::string_view rule) {
  throw Error(Error::Kind::kUsage, cat(name, " '", value, "' ", rule));
}

// Searchers for the worker threads (see server.h). A request borrows one for itself alone.
class SearcherPool {
 public:
  // Opens one Searcher at once, so that a bad database is reported before the server starts.
  SearcherPool(const std::vector<std::string>& paths, const OpenOptions& open)
      : paths_(paths), open_(open) {
    idle_.push_back(std::make_unique<Searcher>(paths_, open_));
    documents_ = idle_.back()->document_count();
    analyzer_ = idle_.back()->analyzer();
  }

  // A Searcher for one request. It goes back to the pool when the lease ends normally. One whose
  // lease ends by an exception is dropped (after a Xapian error its handles may be unusable; opening
  // another costs a millisecond), and the next borrow() opens a new one.
  class Lease {
   public:
    Lease(SearcherPool& pool, std::unique_ptr<Searcher> searcher)
        : pool_(pool), searcher_(std::move(searcher)), exceptions_(std::uncaught_exceptions()) {}
    ~Lease() {
      if (std::uncaught_exceptions() == exceptions_) pool_.give_back(std::move(searcher_));
    }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    const Searcher* operator->() const { return searcher_.get(); }

   private:
    SearcherPool& pool_;
    std::unique_ptr<Searcher> searcher_;
    int exceptions_;
  };

  Lease borrow() {
    std::unique_ptr<Searcher> searcher;
    {
      const std::lock_guard<std::mutex> lock(mutex_);
      if (!idle_.empty()) {
        searcher = std::move(idle_.back());
        idle_.pop_back();
      }
    }
    if (searcher) {
      searcher->reopen();
    } else {
      searcher = std::make_unique<Searcher>(paths_, open_);
    }
    return Lease(*this, std::move(searcher));
  }

  std::uint64_t documents() const { return documents_; }
  // The databases' analyser. Not thread-safe: for the constructor of Server only.
  const Analyzer& analyzer() const { return analyzer_; }

 private:
  void give_back(std::unique_ptr<Searcher> searcher) {
    const std::lock_guard<std::mutex> lock(mutex_);
    idle_.push_back(std::move(searcher));
  }

  const std::vector<std::string> paths_;
  const OpenOptions open_;
  std::uint64_t documents_ = 0;
  Analyzer analyzer_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<Searcher>> idle_;
};

// cpp-httplib's Server, with a stop that also works before listening has started (httplib's own
// stop() does nothing until then, so a signal arriving early would be lost).
class HttpServer : public httplib::Server {
 public:
  void close_listener() {
    const socket_t sock = svr_sock_.exchange(INVALID_SOCKET);
    if (sock == INVALID_SOCKET) return;
    ::shutdown(sock, SHUT_RDWR);
    ::close(sock);
  }
};

std::string first_param(const httplib::Request& req, const char* name) {
  return req.has_param(name) ? req.get_param_value(name) : std::string();
}

// Every non-empty value of a repeatable parameter (?source=a&source=b).
std::vector<std::string> all_params(const httplib::Request& req, const char* name) {
  std::vector<std::string> values;
  for (std::size_t i = 0, n = req.get_param_value_count(name); i < n; ++i) {
    std::string value = req.get_param_value(name, i);
    if (!value.empty()) values.push_back(std::move(value));
  }
  return values;
}

std::size_t whole_number(std::string_view name, std::string_view value) {
  std::size_t n = 0;
  const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), n);
  if (error != std::errc() || end != value.data() + value.size()) bad_parameter(name, value, "is not a whole number");
  return n;
}

enum class Endpoint { kPage, kApi };

// The form as the request filled it, for echoing back; never throws.
html::PageForm read_form(const httplib::Request& req) {
  html::PageForm form;
  form.q = first_param(req, "q");
  form.source = first_param(req, "source");
  form.category = first_param(req, "category");
  form.since = first_param(req, "since");
  form.until = first_param(req, "until");
  form.sort = first_param(req, "sort");
  form.limit = first_param(req, "limit");
  const std::string page = first_param(req, "page");
  const auto [end, error] = std::from_chars(page.data(), page.data() + page.size(), form.page);
  if (page.empty() || error != std::errc() || end != page.data() + page.size() || form.page == 0) form.page = 1;
  return form;
}

// The search the request asks for. Throws Error (kUsage) naming a bad parameter.
//
// Source and category go into SearchOptions::sources and ::categories, which the Searcher turns into
// the same filter terms as source:x and category:x (query.h field_filter). They are never pasted
// into the query text: a value like `x) OR (تونس` or `bbc" -"` would otherwise change the query's
// meaning; as a field it is only a (non-matching) source name.
SearchOptions read_search(const httplib::Request& req, const ServeOptions& serve, Endpoint endpoint) {
  SearchOptions options = serve.search;
  options.sources = all_params(req, "source");
  options.categories = all_params(req, "category");
  for (const auto& [name, end, slot] : {std::tuple{"since", false, &options.since},
                                        std::tuple{"until", true, &options.until}}) {
    const std::string value = first_param(req, name);
    if (value.empty()) continue;
    *slot = parse_iso_date(value, end);
    if (!*slot) bad_parameter(name, value, "is not a date like 2018-03-05 (or 2018-03, or 2018)");
  }
  if (const std::string sort = first_param(req, "sort"); !sort.empty()) {
    const std::optional<SortOrder> order = parse_sort_order(sort);
    if (!order) bad_parameter("sort", sort, "is not relevance, date or oldest");
    options.sort = *order;
  }
  options.suggest = true;
  if (endpoint == Endpoint::kPage) {
    options.facets = true;  // the page shows them beside the filters
  } else if (const std::string facets = first_param(req, "facets"); !facets.empty()) {
    if (facets != "1" && facets != "true" && facets != "0" && facets != "false") {
      bad_parameter("facets", facets, "is not 1 or 0 (true or false)");
    }
    options.facets = facets == "1" || facets == "true";
  }
  if (const std::string limit = first_param(req, "limit"); !limit.empty()) {
    options.limit = std::min(whole_number("limit", limit), serve.max_limit);
  }
  if (endpoint == Endpoint::kPage) {
    // A page shows at least one result per page.
    options.limit = std::max<std::size_t>(options.limit, 1);
    std::size_t page = 1;
    if (const std::string value = first_param(req, "page"); !value.empty()) {
      page = whole_number("page", value);
      if (page == 0) bad_parameter("page", value, "is not a page number (they start at 1)");
    }
    if (page - 1 > serve.max_offset / options.limit) {
      bad_parameter("page", std::to_string(page), cat("is too far: results past ", std::to_string(serve.max_offset),
                                                      " are not shown, narrow the search instead"));
    }
    options.offset = (page - 1) * options.limit;
  } else if (const std::string offset = first_param(req, "offset"); !offset.empty()) {
    options.offset = whole_number("offset", offset);
    if (options.offset > serve.max_offset) {
      bad_parameter("offset", offset, cat("is too large (at most ", std::to_string(serve.max_offset), ")"));
    }
  }
  return options;
}

// Where a failure lands: 400 for what the request got wrong, 503 for a shard that does not answer,
// 500 for the rest.
int status_of(const Error& e) {
  if (e.kind() == Error::Kind::kUnavailable) return 503;
  return e.kind() == Error::Kind::kBadQuery || e.kind() == Error::Kind::kUsage ? 400 : 500;
}

}  // namespace

void parse_listen_address(std::string_view address, ServeOptions& options) {
  const auto bad = [&](std::string_view why) {
    throw Error(Error::Kind::kUsage, cat("'", address, "' is not an address like 127.0.0.1:8080: ", why));
  };
  const std::size_t colon = address.rfind(':');
  if (colon == std::string_view::npos) bad("no :PORT");
  std::string_view host = address.substr(0, colon);
  const std::string_view port = address.substr(colon + 1);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  } else if (host.find(':') != std::string_view::npos) {
    bad("write an IPv6 address in brackets, as [::1]:8080");
  }
  if (host.empty()) bad("no host (127.0.0.1 for this machine only)");
  unsigned value = 0;
  const auto [end, error] = std::from_chars(port.data(), port.data() + port.size(), value);
  if (port.empty() || error != std::errc() || end != port.data() + port.size() || value > 65535) {
    bad("the port is a number from 0 to 65535");
  }
  options.host = std::string(host);
  options.port = static_cast<int>(value);
}

struct Server::Impl {
  explicit Impl(ServeOptions o) : options(std::move(o)), pool(options.db_paths, options.open) {
    if (!options.synonyms.name.empty()) {
      options.search.synonyms = std::make_shared<const Synonyms>(options.synonyms, pool.analyzer());
    }
  }

  void page(const httplib::Request& req, httplib::Response& res);
  void api(const httplib::Request& req, httplib::Response& res);
  void failed(const httplib::Request& req, std::string_view what);

  ServeOptions options;  // set by the constructor, then only read
  SearcherPool pool;
  HttpServer http;
  int port = 0;
  std::atomic<bool> stopping{false};
};

void Server::Impl::failed(const httplib::Request& req, std::string_view what) {
  // One write per line, so that lines from several threads do not mix.
  std::cerr << cat("fahras-search: ", req.method, " ", req.path, ": ", what, "\n") << std::flush;
}

void Server::Impl::page(const httplib::Request& req, httplib::Response& res) {
  html::Page page;
  page.form = read_form(req);
  page.documents = pool.documents();
  SearchResults results;
  try {
    const SearchOptions search = read_search(req, options, Endpoint::kPage);
    page.per_page = search.limit;
    if (!page.form.q.empty()) {
      results = pool.borrow()->search(page.form.q, search);
      page.results = &results;
    }
  } catch (const Error& e) {
    page.status = status_of(e) == 400 ? html::PageStatus::kBadRequest : html::PageStatus::kFailed;
    page.error = e.what();
  } catch (const Xapian::Error& e) {
    page.status = html::PageStatus::kFailed;
    page.error = e.get_description();
  } catch (const std::exception& e) {
    page.status = html::PageStatus::kFailed;
    page.error = e.what();
  }
  res.status = page.status == html::PageStatus::kOk ? 200 : page.status == html::PageStatus::kBadRequest ? 400 : 500;
  if (res.status == 500) failed(req, page.error);
  res.set_content(html::render_page(page), "text/html; charset=utf-8");
}

void Server::Impl::api(const httplib::Request& req, httplib::Response& res) {
  json body;
  res.status = 200;
  try {
    const std::string q = first_param(req, "q");
    if (q.empty()) throw Error(Error::Kind::kUsage, "missing parameter q (the query)");
    const SearchOptions search = read_search(req, options, Endpoint::kApi);
    const SearchResults results = pool.borrow()->search(q, search);
    json matches = json::array();
    for (const Hit& hit : results.hits) matches.push_back(match_json(hit));
    body = {{"query", results.query},
            {"estimated", results.estimated},
            {"returned", results.hits.size()},
            {"elapsed", elapsed_json(results.elapsed)}};
    add_extras_json(body, results, search);
    if (!results.warnings.empty()) body["warnings"] = results.warnings;
    body["matches"] = std::move(matches);
  } catch (const Error& e) {
    res.status = status_of(e);
    body = {{"error", e.what()}};
  } catch (const Xapian::Error& e) {
    res.status = 500;
    body = {{"error", e.get_description()}};
  } catch (const std::exception& e) {
    res.status = 500;
    body = {{"error", e.what()}};
  }
  if (res.status == 500) failed(req, body["error"].get<std::string>());
  // Article text is valid UTF-8 (the indexer checks); a query with bad bytes must not throw here.
  res.set_content(body.dump(-1, ' ', false, json::error_handler_t::replace), "application/json");
}

Server::Server(ServeOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {
  Impl& s = *impl_;
  const std::size_t threads = std::max<std::size_t>(s.options.threads, 1);
  s.http.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  // httplib sets SO_REUSEPORT, with which a second server on a port in use would bind too, and take
  // part of the requests. SO_REUSEADDR alone restarts at once after a stop, and refuses a busy port.
  s.http.set_socket_options([](socket_t sock) {
    int yes = 1;
    ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  });
  s.http.set_default_headers({
      // Defence in depth: the page has no script, and loads nothing but itself.
      {"Content-Security-Policy",
       "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; base-uri 'none'; "
       "frame-ancestors 'none'"},
      {"X-Content-Type-Options", "nosniff"},
      {"Referrer-Policy", "no-referrer"},
  });
  s.http.Get("/", [&s](const httplib::Request& req, httplib::Response& res) { s.page(req, res); });
  s.http.Get("/api/search", [&s](const httplib::Request& req, httplib::Response& res) { s.api(req, res); });
  s.http.Get("/api/.*", [](const httplib::Request& req, httplib::Response& res) {
    res.status = 404;
    res.set_content(json{{"error", cat("no such endpoint: ", req.path, " (try /api/search?q=...)")}}.dump(
                        -1, ' ', false, json::error_handler_t::replace),
                    "application/json");
  });
  s.http.Get(".*", [&s](const httplib::Request& req, httplib::Response& res) {
    html::Page page;
    page.status = html::PageStatus::kNotFound;
    page.error = req.path;
    page.documents = s.pool.documents();
    res.status = 404;
    res.set_content(html::render_page(page), "text/html; charset=utf-8");
  });

  const std::string address =
      s.options.host.find(':') == std::string::npos ? cat(s.options.host, ":", std::to_string(s.options.port))
                                                    : cat("[", s.options.host, "]:", std::to_string(s.options.port));
  // httplib reports a failed bind as false alone: resolve the host first, for a message that says why.
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE;
  addrinfo* found = nullptr;
  if (const int error = ::getaddrinfo(s.options.host.c_str(), nullptr, &hints, &found); error != 0) {
    throw Error(Error::Kind::kIo, cat("cannot listen on ", address, ": ", ::gai_strerror(error)));
  }
  ::freeaddrinfo(found);
  errno = 0;
  bool bound = false;
  if (s.options.port == 0) {
    s.port = s.http.bind_to_any_port(s.options.host);
    bound = s.port > 0;
  } else {
    bound = s.http.bind_to_port(s.options.host, s.options.port);
    s.port = s.options.port;
  }
  if (!bound) {
    const int error = errno;
    throw Error(Error::Kind::kIo, cat("cannot listen on ", address, ": ",
                                      error ? std::generic_category().message(error) : "bind failed"));
  }
}

Server::~Server() { impl_->http.close_listener(); }

int Server::port() const { return impl_->port; }

std::string Server::url() const {
  const std::string& host = impl_->options.host;
  const std::string port = std::to_string(impl_->port);
  return host.find(':') == std::string::npos ? cat("http://", host, ":", port, "/") : cat("http://[", host, "]:", port, "/");
}

std::uint64_t Server::document_count() const { return impl_->pool.documents(); }

void Server::run() {
  if (!impl_->http.listen_after_bind() && !impl_->stopping) {
    throw Error(Error::Kind::kIo, cat("stopped listening on ", url(), ": ", std::generic_category().message(errno)));
  }
}

void Server::stop() {
  impl_->stopping = true;
  impl_->http.close_listener();
}

}  // namespace fahras
