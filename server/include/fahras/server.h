// Server: the search page and the JSON API of `fahras-search --serve`, over HTTP/1.1 (Boost.Beast).
//
//   GET /?q=...&source=...&category=...&since=...&until=...&sort=...&page=...&limit=...
//       the search page (html.h); without q, the empty form. A bad query or parameter gives the
//       page with an Arabic and English message and HTTP 400. The page always asks for facets and
//       a suggestion.
//   GET /api/search?q=...&limit=...&offset=...&since=...&until=...&source=...&category=...&sort=...
//       one JSON document:
//         {"query":"الانتخابات","estimated":42,"returned":10,
//          "elapsed":{"secs":0,"nanos":1843211,"human":"0.001843s"},
//          "suggestion":null,
//          "facets":{"source":[{"value":"Jawhara FM","count":42}],"category":[...],"year":[...]},
//          "matches":[{"rank":1,"id":"...","score":9.87,"title":{"text":"...","highlights":[...]},
//                      "source":"...","category":"...","author":"","date":"2017-01-26T07:31:00Z",
//                      "url":"...","path":"...","snippet":{"text":"...","highlights":[...]}}, ...]}
//       each match exactly as a "match" message of fahras-search --json (printer.h). Errors are
//       {"error":"one line"} with HTTP 400 (bad query or parameter), 404 (no such path) or 500.
//
// Parameters: q (required by the API) is the query, in the syntax of query.h; source and category
// filter as source:x and category:x do, and may be repeated (any of the values); since and until are
// dates as fahras-search --since takes them (2018, 2018-03, 2018-03-05); sort is relevance, date
// (newest first) or oldest; limit is the number of results (default ServeOptions::search.limit,
// larger values are capped at max_limit); offset (API) or page (page, from 1) says where to start,
// up to max_offset; facets (API) is 1 or true to add "facets", as --json's summary has them (the
// "suggestion" is always there: the corrected query or null); fold and variants are 1/true or
// 0/false, to fold wire stories or not and to search the spellings of names the index knows or not
// (both on by default). Empty parameters count as absent, as a plain form sends them.
//
// Threads: one I/O thread (the one that calls run()) reads requests and writes answers for every
// connection, event-driven, so a client that is slow to send or idle between requests (keep-alive)
// holds no thread, only a socket and a few kilobytes. Each complete request goes to a pool of search
// threads (`threads`, one per core by default), each with a Searcher of its own (a Searcher is not
// thread-safe), so searches run in parallel without a lock around them. Before each search the
// Searcher moves to the latest committed revision, so the page shows what an indexer has added since.
//
// Bounds, each answered without a search: a request whose header passes max_header_bytes gets 431
// (414 when its request line alone does), a target longer than max_target_bytes 414, a body longer
// than max_body_bytes 413, a malformed request 400; each then closes the connection. A request must
// arrive whole within request_timeout of when the server starts waiting for it (after the connection
// opens, or after the previous answer), or the connection is closed. Past max_connections open
// connections, a new one gets 503 and is closed.
//
// Thread-safety of Server itself: stop() may be called from any thread; everything else from the
// one that owns it.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "fahras/searcher.h"
#include "fahras/synonyms.h"

namespace fahras {

struct ServeOptions {
  std::vector<std::string> db_paths;  // searched as one, as Searcher does
  OpenOptions open;                   // timeouts of remote databases, allow_partial
  std::string host = "127.0.0.1";     // address to listen on: loopback unless asked otherwise
  int port = 8080;                    // 0: any free port (see Server::port())
  std::size_t threads = 0;            // search threads, each with its Searcher; 0: one per core
  // Bounds on what a client may cost (see above, and the README for why these values).
  std::size_t max_connections = 512;  // open at once; more get 503
  std::size_t max_header_bytes = 16 * 1024;  // request line and headers
  std::size_t max_target_bytes = 8 * 1024;   // the URL's path and query
  std::size_t max_body_bytes = 16 * 1024;    // a GET has none; a larger one is refused
  std::chrono::milliseconds request_timeout{10'000};  // for a whole request to arrive, or an answer to be read
  std::size_t max_limit = 100;        // larger limits are capped to this
  std::size_t max_offset = 10000;     // a larger offset (or page) is a bad request
  // Defaults of every search: limit (results per page), default operator, syntax, snippet size.
  // Requests set offset, sort, dates and filters.
  SearchOptions search;
  // Synonyms for every search (synonyms.h), analysed once the databases are open; none when empty.
  SynonymFile synonyms;
};

// Reads "HOST:PORT" ("127.0.0.1:8080", "localhost:0", "[::1]:8080") into options.host and .port.
// Throws Error (kUsage) with a one-line reason when `address` is not of that form or the port is
// not a number from 0 to 65535.
void parse_listen_address(std::string_view address, ServeOptions& options);

class Server {
 public:
  // Opens the databases (Error kDatabase, as Searcher does) and binds the address. Throws Error
  // (kIo) when it cannot be bound: "cannot listen on 127.0.0.1:8080: Address already in use".
  explicit Server(ServeOptions options);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // The bound port: options.port, or the one the system chose when that was 0.
  int port() const;
  // "http://127.0.0.1:8080/"
  std::string url() const;
  // Articles in the databases when the server started.
  std::uint64_t document_count() const;

  // Serves until stop() is called, then returns.
  void run();
  // Makes run() return once the requests being answered are done (at once if it has not started
  // yet): stops accepting, closes idle connections, and closes the others after their answer.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace fahras
