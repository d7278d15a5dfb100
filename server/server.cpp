#include "fahras/server.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <charconv>
#include <condition_variable>
#include <deque>
#include <exception>
#include <functional>
#include <iostream>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_set>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <nlohmann/json.hpp>
#include <xapian.h>

#include "fahras/date.h"
#include "fahras/error.h"
#include "fahras/html.h"
#include "fahras/printer.h"
#include "request.h"

namespace fahras {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
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

std::size_t whole_number(std::string_view name, std::string_view value) {
  std::size_t n = 0;
  const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), n);
  if (error != std::errc() || end != value.data() + value.size()) bad_parameter(name, value, "is not a whole number");
  return n;
}

enum class Endpoint { kPage, kApi };

// The form as the request filled it, for echoing back; never throws.
html::PageForm read_form(const http::Request& req) {
  html::PageForm form;
  form.q = req.param("q");
  form.source = req.param("source");
  form.category = req.param("category");
  form.since = req.param("since");
  form.until = req.param("until");
  form.sort = req.param("sort");
  form.limit = req.param("limit");
  form.fold = req.param("fold");
  const std::string page = req.param("page");
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
SearchOptions read_search(const http::Request& req, const ServeOptions& serve, Endpoint endpoint) {
  SearchOptions options = serve.search;
  options.sources = req.non_empty_params("source");
  options.categories = req.non_empty_params("category");
  for (const auto& [name, end, slot] : {std::tuple{"since", false, &options.since},
                                        std::tuple{"until", true, &options.until}}) {
    const std::string value = req.param(name);
    if (value.empty()) continue;
    *slot = parse_iso_date(value, end);
    if (!*slot) bad_parameter(name, value, "is not a date like 2018-03-05 (or 2018-03, or 2018)");
  }
  if (const std::string sort = req.param("sort"); !sort.empty()) {
    const std::optional<SortOrder> order = parse_sort_order(sort);
    if (!order) bad_parameter("sort", sort, "is not relevance, date or oldest");
    options.sort = *order;
  }
  options.suggest = true;
  if (endpoint == Endpoint::kPage) {
    options.facets = true;  // the page shows them beside the filters
  } else if (const std::string facets = req.param("facets"); !facets.empty()) {
    if (facets != "1" && facets != "true" && facets != "0" && facets != "false") {
      bad_parameter("facets", facets, "is not 1 or 0 (true or false)");
    }
    options.facets = facets == "1" || facets == "true";
  }
  if (const std::string fold = req.param("fold"); !fold.empty()) {
    if (fold != "1" && fold != "true" && fold != "0" && fold != "false") {
      bad_parameter("fold", fold, "is not 1 or 0 (true or false)");
    }
    options.fold = fold == "1" || fold == "true";
  }
  if (const std::string variants = req.param("variants"); !variants.empty()) {
    if (variants != "1" && variants != "true" && variants != "0" && variants != "false") {
      bad_parameter("variants", variants, "is not 1 or 0 (true or false)");
    }
    options.variants = variants == "1" || variants == "true";
  }
  if (const std::string limit = req.param("limit"); !limit.empty()) {
    options.limit = std::min(whole_number("limit", limit), serve.max_limit);
  }
  if (endpoint == Endpoint::kPage) {
    // A page shows at least one result per page.
    options.limit = std::max<std::size_t>(options.limit, 1);
    std::size_t page = 1;
    if (const std::string value = req.param("page"); !value.empty()) {
      page = whole_number("page", value);
      if (page == 0) bad_parameter("page", value, "is not a page number (they start at 1)");
    }
    if (page - 1 > serve.max_offset / options.limit) {
      bad_parameter("page", std::to_string(page), cat("is too far: results past ", std::to_string(serve.max_offset),
                                                      " are not shown, narrow the search instead"));
    }
    options.offset = (page - 1) * options.limit;
  } else if (const std::string offset = req.param("offset"); !offset.empty()) {
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


// What a route answers: status, content type and body. The server adds the common headers.
struct Answer {
  int status = 200;
  std::string_view content_type;
  std::string body;
};

constexpr std::string_view kJson = "application/json";
constexpr std::string_view kHtml = "text/html; charset=utf-8";
constexpr std::string_view kText = "text/plain; charset=utf-8";

std::string dump(const json& body) {
  // Article text is valid UTF-8 (the indexer checks); a query with bad bytes must not throw here.
  return body.dump(-1, ' ', false, json::error_handler_t::replace);
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

namespace {

class Connection;

// The server: one I/O thread (the caller of run()) answers every connection without blocking, and a
// pool of search threads, each with its own Searcher, runs the routes.
struct Core {
  explicit Core(ServeOptions o);
  ~Core();
  Core(const Core&) = delete;
  Core& operator=(const Core&) = delete;

  // A route's work, run by a search thread with that thread's Searcher (opened when null).
  using Job = std::function<void(std::unique_ptr<Searcher>&)>;
  void submit(Job job);

  // The routes. Run on a search thread; never throw.
  Answer answer(const http::Request& req, std::unique_ptr<Searcher>& searcher);
  Answer page(const http::Request& req, std::unique_ptr<Searcher>& searcher);
  Answer api(const http::Request& req, std::unique_ptr<Searcher>& searcher);
  SearchResults search(std::unique_ptr<Searcher>& searcher, const std::string& q, const SearchOptions& options);
  void failed(const http::Request& req, std::string_view what) const;

  // On the I/O thread.
  void accept();
  void close_all();

  ServeOptions options;  // set by the constructor, then only read
  std::uint64_t documents = 0;
  int port = 0;
  std::atomic<bool> stopping{false};

  // Connections open now, and how many of them count against options.max_connections. Only the
  // I/O thread touches them: a Connection is created, used and destroyed there.
  std::unordered_set<Connection*> connections;
  std::size_t counted = 0;

  asio::io_context io;
  tcp::acceptor acceptor{io};
  asio::steady_timer accept_retry{io};

  std::mutex jobs_mutex;
  std::condition_variable jobs_ready;
  std::deque<Job> jobs;        // guarded by jobs_mutex
  bool jobs_closed = false;    // guarded by jobs_mutex
  std::vector<std::thread> workers;
};

// One client connection, on the I/O thread. It reads a request (within the request deadline and the
// size bounds), hands it to the search threads, writes their answer, and reads the next (keep-alive)
// until the client or an error closes it. While it waits for a request it holds no thread.
class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(Core& server, tcp::socket socket, bool counted)
      : server_(server), stream_(std::move(socket)), counted_(counted) {
    server_.connections.insert(this);
    if (counted_) ++server_.counted;
  }
  ~Connection() {
    server_.connections.erase(this);
    if (counted_) --server_.counted;
  }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  void start() { read(); }

  // Answers 503 and closes: the server has options.max_connections open already.
  void refuse() {
    reply(Answer{503, kText, "too many connections, try again\n"}, Then::kClose);
  }

  // For Server::stop(): closes the connection at once unless a request is being answered, which
  // closes it once the answer is written.
  void stop() {
    if (state_ != State::kAnswering) close();
  }

 private:
  enum class State { kReading, kAnswering, kClosing };
  enum class Then { kRead, kClose };

  void read() {
    state_ = State::kReading;
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(server_.options.max_header_bytes));
    parser_->body_limit(server_.options.max_body_bytes);
    // One deadline for the whole request, from the moment the server waits for it: a client that
    // trickles a byte a second is closed when it passes, not waited for byte by byte.
    stream_.expires_after(server_.options.request_timeout);
    bhttp::async_read(stream_, buffer_, *parser_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
      self->on_read(ec);
    });
  }

  void on_read(beast::error_code ec) {
    if (ec == bhttp::error::header_limit) return reply(header_too_large(), Then::kClose);
    if (ec == bhttp::error::body_limit) return reply(Answer{413, kText, "request body too large\n"}, Then::kClose);
    if (ec) {
      const bool malformed = ec.category() == bhttp::make_error_code(bhttp::error::bad_target).category() &&
                             ec != bhttp::error::end_of_stream && ec != bhttp::error::partial_message;
      // Gone, timed out, or closed by stop(): there is nobody to answer.
      if (!malformed) return close();
      return reply(Answer{400, kText, cat("bad request: ", ec.message(), "\n")}, Then::kClose);
    }
    stream_.expires_never();  // the search takes what it takes; the client waits for it
    const auto& request = parser_->get();
    version_ = request.version();
    const Then then = request.keep_alive() ? Then::kRead : Then::kClose;
    head_ = request.method() == bhttp::verb::head;
    const std::string_view target(request.target().data(), request.target().size());
    if (target.size() > server_.options.max_target_bytes) {
      return reply(Answer{414, kText, "request target too long\n"}, Then::kClose);
    }
    if (request.method() != bhttp::verb::get && !head_) return reply(Answer{400, kText, ""}, then);
    if (!target.starts_with('/')) return reply(Answer{400, kText, "bad request target\n"}, Then::kClose);
    state_ = State::kAnswering;
    const auto method = request.method_string();
    server_.submit([self = shared_from_this(), method = std::string(method.data(), method.size()),
                    target = std::string(target), then,
                    work = asio::make_work_guard(server_.io)](std::unique_ptr<Searcher>& searcher) mutable {
      Answer answer;
      try {
        answer = self->server_.answer(http::parse_target(method, target), searcher);
      } catch (const std::exception& e) {  // out of memory, say: the routes catch the rest
        answer = Answer{500, kText, cat(e.what(), "\n")};
      }
      // Moved, not copied: the last reference to a Connection must be dropped on the I/O thread.
      Connection& connection = *self;
      asio::post(connection.stream_.get_executor(), [self = std::move(self), answer = std::move(answer), then]() mutable {
        self->reply(std::move(answer), then);
      });
      work.reset();
    });
  }

  // 414 when the request line alone passes the bound, or its target does; 431 otherwise. The parser
  // keeps the target once it has read the whole request line.
  Answer header_too_large() const {
    const std::size_t target = parser_->get().target().size();
    if (target == 0 || target > server_.options.max_target_bytes) return Answer{414, kText, "request target too long\n"};
    return Answer{431, kText, "request header too large\n"};
  }

  void reply(Answer answer, Then then) {
    if (server_.stopping) then = Then::kClose;
    state_ = State::kAnswering;
    response_.emplace(static_cast<bhttp::status>(answer.status), version_);
    response_->set(bhttp::field::content_type, beast::string_view(answer.content_type.data(), answer.content_type.size()));
    // Defence in depth: the page has no script, and loads nothing but itself.
    response_->set("Content-Security-Policy",
                   "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; base-uri 'none'; "
                   "frame-ancestors 'none'");
    response_->set("X-Content-Type-Options", "nosniff");
    response_->set("Referrer-Policy", "no-referrer");
    response_->keep_alive(then == Then::kRead);
    response_->body() = std::move(answer.body);
    response_->prepare_payload();
    if (head_) response_->body().clear();  // HEAD: the headers of GET, Content-Length included
    // A client that does not read its answer is closed too.
    stream_.expires_after(server_.options.request_timeout);
    bhttp::async_write(stream_, *response_, [self = shared_from_this(), then](beast::error_code ec, std::size_t) {
      if (ec) return self->close();
      if (then == Then::kClose || self->server_.stopping) return self->close_gracefully();
      self->read();
    });
  }

  // Closes after an answer: first our side only, then reads what the client still sends (until it
  // closes, or the deadline), so that the answer is not lost to a reset caused by unread bytes.
  void close_gracefully() {
    state_ = State::kClosing;
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream_.expires_after(server_.options.request_timeout);
    drain();
  }
  void drain() {
    stream_.async_read_some(asio::buffer(drain_), [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec) return self->close();
      self->drain();
    });
  }

  void close() {
    state_ = State::kClosing;
    stream_.close();  // cancels what is pending; its handler then drops this Connection
  }

  Core& server_;
  beast::tcp_stream stream_;
  const bool counted_;
  State state_ = State::kReading;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  std::optional<bhttp::response<bhttp::string_body>> response_;
  unsigned version_ = 11;
  bool head_ = false;
  std::array<char, 1024> drain_;
};

Core::Core(ServeOptions o) : options(std::move(o)) {
  // One Searcher per search thread, all opened now, so that a bad database is reported before the
  // server starts.
  const std::size_t threads =
      options.threads ? options.threads : std::max<std::size_t>(std::thread::hardware_concurrency(), 1);
  std::vector<std::unique_ptr<Searcher>> searchers;
  for (std::size_t i = 0; i < threads; ++i) searchers.push_back(std::make_unique<Searcher>(options.db_paths, options.open));
  documents = searchers.front()->document_count();
  if (!options.synonyms.name.empty()) {
    options.search.synonyms = std::make_shared<const Synonyms>(options.synonyms, searchers.front()->analyzer());
  }

  const std::string address = options.host.find(':') == std::string::npos
                                  ? cat(options.host, ":", std::to_string(options.port))
                                  : cat("[", options.host, "]:", std::to_string(options.port));
  beast::error_code ec;
  tcp::resolver resolver(io);
  const auto endpoints = resolver.resolve(options.host, std::to_string(options.port),
                                          tcp::resolver::passive | tcp::resolver::numeric_service, ec);
  for (const auto& entry : endpoints) {
    if (acceptor.is_open()) acceptor.close(ec);
    // SO_REUSEADDR: restarts at once after a stop, and still refuses a port that another server
    // listens on (SO_REUSEPORT would let a second server take part of the requests).
    acceptor.open(entry.endpoint().protocol(), ec);
    if (!ec) acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
    if (!ec) acceptor.bind(entry.endpoint(), ec);
    if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
    if (!ec) break;
  }
  if (ec || !acceptor.is_open()) {
    throw Error(Error::Kind::kIo, cat("cannot listen on ", address, ": ", ec ? ec.message() : "no such address"));
  }
  port = acceptor.local_endpoint().port();
  accept();

  for (std::unique_ptr<Searcher>& searcher : searchers) {
    workers.emplace_back([this, searcher = std::move(searcher)]() mutable {
      for (;;) {
        Job job;
        {
          std::unique_lock<std::mutex> lock(jobs_mutex);
          jobs_ready.wait(lock, [this] { return jobs_closed || !jobs.empty(); });
          if (jobs.empty()) return;
          job = std::move(jobs.front());
          jobs.pop_front();
        }
        job(searcher);
      }
    });
  }
}

Core::~Core() {
  {
    const std::lock_guard<std::mutex> lock(jobs_mutex);
    jobs_closed = true;
  }
  jobs_ready.notify_all();
  for (std::thread& worker : workers) worker.join();
}

void Core::submit(Job job) {
  {
    const std::lock_guard<std::mutex> lock(jobs_mutex);
    jobs.push_back(std::move(job));
  }
  jobs_ready.notify_one();
}

void Core::accept() {
  acceptor.async_accept([this](beast::error_code ec, tcp::socket socket) {
    if (!acceptor.is_open()) return;  // stopped
    if (ec) {
      // Out of file descriptors, say: try again a little later rather than spin.
      accept_retry.expires_after(std::chrono::milliseconds(50));
      accept_retry.async_wait([this](beast::error_code waited) {
        if (!waited && acceptor.is_open()) accept();
      });
      return;
    }
    socket.set_option(tcp::no_delay(true), ec);  // answers go out whole, at once
    const bool room = counted < options.max_connections;
    const auto connection = std::make_shared<Connection>(*this, std::move(socket), room);
    if (room) {
      connection->start();
    } else {
      connection->refuse();
    }
    accept();
  });
}

void Core::close_all() {
  beast::error_code ignored;
  acceptor.close(ignored);
  accept_retry.cancel();
  const std::vector<Connection*> open(connections.begin(), connections.end());
  for (Connection* connection : open) connection->stop();
}

void Core::failed(const http::Request& req, std::string_view what) const {
  // One write per line, so that lines from several threads do not mix.
  std::cerr << cat("fahras-search: ", req.method, " ", req.path, ": ", what, "\n") << std::flush;
}

SearchResults Core::search(std::unique_ptr<Searcher>& searcher, const std::string& q,
                                   const SearchOptions& search_options) {
  try {
    // The latest committed revision, so that the page shows what an indexer has added since.
    if (searcher) {
      searcher->reopen();
    } else {
      searcher = std::make_unique<Searcher>(options.db_paths, options.open);
    }
    return searcher->search(q, search_options);
  } catch (const Error& e) {
    if (e.kind() != Error::Kind::kUsage && e.kind() != Error::Kind::kBadQuery) searcher.reset();
    throw;
  } catch (...) {
    // After a Xapian error its handles may be unusable; opening another costs a millisecond.
    searcher.reset();
    throw;
  }
}

Answer Core::answer(const http::Request& req, std::unique_ptr<Searcher>& searcher) {
  if (req.path == "/") return page(req, searcher);
  if (req.path == "/api/search") return api(req, searcher);
  if (req.path.starts_with("/api/")) {
    return Answer{404, kJson, dump(json{{"error", cat("no such endpoint: ", req.path, " (try /api/search?q=...)")}})};
  }
  html::Page page;
  page.status = html::PageStatus::kNotFound;
  page.error = req.path;
  page.documents = documents;
  return Answer{404, kHtml, html::render_page(page)};
}

Answer Core::page(const http::Request& req, std::unique_ptr<Searcher>& searcher) {
  html::Page page;
  page.form = read_form(req);
  page.documents = documents;
  SearchResults results;
  try {
    const SearchOptions search_options = read_search(req, options, Endpoint::kPage);
    page.per_page = search_options.limit;
    if (!page.form.q.empty()) {
      results = search(searcher, page.form.q, search_options);
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
  const int status =
      page.status == html::PageStatus::kOk ? 200 : page.status == html::PageStatus::kBadRequest ? 400 : 500;
  if (status == 500) failed(req, page.error);
  return Answer{status, kHtml, html::render_page(page)};
}

Answer Core::api(const http::Request& req, std::unique_ptr<Searcher>& searcher) {
  json body;
  int status = 200;
  try {
    const std::string q = req.param("q");
    if (q.empty()) throw Error(Error::Kind::kUsage, "missing parameter q (the query)");
    const SearchOptions search_options = read_search(req, options, Endpoint::kApi);
    const SearchResults results = search(searcher, q, search_options);
    json matches = json::array();
    for (const Hit& hit : results.hits) matches.push_back(match_json(hit));
    body = {{"query", results.query},
            {"estimated", results.estimated},
            {"count", results.estimated},
            {"count_is", results.exact ? "exact" : "estimated"},
            {"returned", results.hits.size()},
            {"elapsed", elapsed_json(results.elapsed)}};
    add_extras_json(body, results, search_options);
    if (!results.warnings.empty()) body["warnings"] = results.warnings;
    body["matches"] = std::move(matches);
  } catch (const Error& e) {
    status = status_of(e);
    body = {{"error", e.what()}};
  } catch (const Xapian::Error& e) {
    status = 500;
    body = {{"error", e.get_description()}};
  } catch (const std::exception& e) {
    status = 500;
    body = {{"error", e.what()}};
  }
  if (status == 500) failed(req, body["error"].get<std::string>());
  return Answer{status, kJson, dump(body)};
}

}  // namespace

struct Server::Impl : Core {
  using Core::Core;
};

Server::Server(ServeOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {}

Server::~Server() = default;

int Server::port() const { return impl_->port; }

std::string Server::url() const {
  const std::string& host = impl_->options.host;
  const std::string port = std::to_string(impl_->port);
  return host.find(':') == std::string::npos ? cat("http://", host, ":", port, "/") : cat("http://[", host, "]:", port, "/");
}

std::uint64_t Server::document_count() const { return impl_->documents; }

void Server::run() { impl_->io.run(); }

void Server::stop() {
  impl_->stopping = true;
  asio::post(impl_->io, [impl = impl_.get()] { impl->close_all(); });
}

}  // namespace fahras
