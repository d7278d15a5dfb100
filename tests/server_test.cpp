// End-to-end tests of `fahras-search --serve`: the JSON API and the page over plain HTTP, the page in
// a real browser (headless Chromium), escaping, errors, and the server's life (start, signals,
// address errors). Every server listens on 127.0.0.1 on a port the system picks, and is killed when
// its ServerProcess goes out of scope.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <cctype>
#include <regex>
#include <set>

#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>
#include <xapian.h>

#include "fahras/html.h"
#include "fahras/indexer.h"
#include "fahras/searcher.h"
#include "fahras/server.h"
#include "test_util.h"

namespace fahras {
namespace {

using nlohmann::json;
using test::TempDir;
using namespace std::chrono_literals;

const char* const kChromium = "/usr/bin/chromium";
const std::string kElections = "الانتخابات";

// `fahras-search [OPTIONS] --db DB --serve 127.0.0.1:0`, started in the constructor, which waits (at most a
// minute) for the line that gives its URL; stopped with SIGTERM (then SIGKILL after 20 s) by stop()
// or the destructor.
class ServerProcess {
 public:
  explicit ServerProcess(const std::vector<std::string>& dbs, const std::vector<std::string>& options = {}) {
    std::vector<std::string> args = options;
    for (const std::string& db : dbs) args.insert(args.end(), {"--db", db});
    args.insert(args.end(), {"--serve", "127.0.0.1:0"});
    int out[2];
    if (pipe2(out, O_CLOEXEC) != 0) std::abort();
    const std::string err_path = (dir_ / "stderr").string();
    pid_ = fork();
    if (pid_ == 0) {
      dup2(out[1], STDOUT_FILENO);
      if (!freopen(err_path.c_str(), "w", stderr)) _exit(127);
      std::vector<char*> argv{const_cast<char*>(FAHRAS_SEARCH_BIN)};
      for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
      argv.push_back(nullptr);
      execv(FAHRAS_SEARCH_BIN, argv.data());
      _exit(127);
    }
    close(out[1]);
    out_ = out[0];
    const auto deadline = std::chrono::steady_clock::now() + 60s;
    while (banner_.find('\n') == std::string::npos && std::chrono::steady_clock::now() < deadline) {
      pollfd p{out_, POLLIN, 0};
      if (poll(&p, 1, 100) <= 0) continue;
      char buf[512];
      const ssize_t n = read(out_, buf, sizeof buf);
      if (n <= 0) break;  // the server exited
      banner_.append(buf, static_cast<std::size_t>(n));
    }
    std::smatch m;
    if (std::regex_search(banner_, m, std::regex(R"(http://127\.0\.0\.1:(\d+)/)"))) port_ = std::stoi(m[1]);
  }
  ~ServerProcess() { stop(); }
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  int port() const { return port_; }
  const std::string& banner() const { return banner_; }
  std::string err() const { return test::slurp(dir_ / "stderr"); }

  // Stops the server (SIGTERM) and returns its exit code, or 128 + signal.
  int stop() {
    if (pid_ <= 0) return exit_code_;
    kill(pid_, SIGTERM);
    int status = 0;
    const auto deadline = std::chrono::steady_clock::now() + 20s;
    while (waitpid(pid_, &status, WNOHANG) == 0) {
      if (std::chrono::steady_clock::now() > deadline) {
        kill(pid_, SIGKILL);
        waitpid(pid_, &status, 0);
        break;
      }
      std::this_thread::sleep_for(10ms);
    }
    pid_ = -1;
    close(out_);
    exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return exit_code_;
  }

  // GET `path` on the server; an empty response (status -1) when the request failed.
  httplib::Result get(const std::string& path) const {
    httplib::Client client("127.0.0.1", port_);
    client.set_connection_timeout(10);
    client.set_read_timeout(60);
    return client.Get(path.c_str());
  }

 private:
  TempDir dir_;
  pid_t pid_ = -1;
  int out_ = -1;
  int port_ = 0;
  int exit_code_ = -1;
  std::string banner_;
};

std::string api_path(const std::vector<std::pair<std::string, std::string>>& params, const std::string& base = "/api/search") {
  std::string path = base;
  for (const auto& [name, value] : params) {
    path += path == base ? '?' : '&';
    path += name + "=" + html::url_encode(value);
  }
  return path;
}

// The DOM that Chromium builds from `url`, serialised. REQUIRES: /usr/bin/chromium exists.
std::string chromium_dom(const std::string& url) {
  TempDir profile;
  const test::RunResult r = test::run(
      kChromium,
      {"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
       "--disable-background-networking", "--disable-component-update", "--disable-sync",
       "--user-data-dir=" + profile.path().string(), "--dump-dom", url},
      120s);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return r.out;
}

std::vector<std::string> all_matches(const std::string& text, const std::regex& re, int group = 1) {
  std::vector<std::string> out;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), re); it != std::sregex_iterator(); ++it) {
    out.push_back((*it)[group]);
  }
  return out;
}

// a + b + c, appended: "x" + std::string trips GCC 12's false -Wrestrict at -O3 (bug 105329).
std::string cat(std::string_view a, std::string_view b, std::string_view c) {
  std::string s(a);
  s.append(b).append(c);
  return s;
}

std::size_t count(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (std::size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

std::vector<json> json_lines(const std::string& out) {
  std::vector<json> lines;
  std::istringstream in(out);
  for (std::string line; std::getline(in, line);) lines.push_back(json::parse(line));
  return lines;
}

std::vector<std::string> ids_of(const json& api) {
  std::vector<std::string> ids;
  for (const json& m : api["matches"]) ids.push_back(m["id"]);
  return ids;
}

// A client that speaks HTTP by hand, byte by byte if need be, to be slow, rude or keep-alive on
// purpose. Reads wait at most a minute, as a guard against a hang, never as a measure.
class RawClient {
 public:
  explicit RawClient(int port) : fd_(socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = fd_ >= 0 && connect(fd_, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0;
  }
  ~RawClient() { close(); }
  RawClient(const RawClient&) = delete;
  RawClient& operator=(const RawClient&) = delete;

  bool connected() const { return connected_; }
  void close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

  // Sends every byte; false when the connection refused them.
  bool send(std::string_view bytes) {
    while (!bytes.empty()) {
      const ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      bytes.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
  }

  // True iff the server has neither closed the connection nor sent anything: it is still waiting
  // for the rest of the request. Looks without waiting.
  bool waiting() const {
    pollfd p{fd_, POLLIN | POLLRDHUP, 0};
    return poll(&p, 1, 0) == 0;
  }

  struct Response {
    int status = -1;  // -1: the connection closed before a whole response
    std::string head;
    std::string body;
  };

  // Reads one response (its body by Content-Length, none after HEAD), leaving what follows for the
  // next call.
  Response read_response(bool after_head = false) {
    Response response;
    std::size_t end = std::string::npos;
    while ((end = pending_.find("\r\n\r\n")) == std::string::npos) {
      if (!fill()) return response;
    }
    response.head = pending_.substr(0, end);
    pending_.erase(0, end + 4);
    std::smatch m;
    if (!std::regex_search(response.head, m, std::regex(R"(^HTTP/1\.[01] (\d{3}) )"))) return response;
    const int status = std::stoi(m[1]);
    std::size_t length = 0;
    if (!after_head && std::regex_search(response.head, m, std::regex(R"(\r\nContent-Length: (\d+))", std::regex::icase))) {
      length = std::stoul(m[1]);
    }
    while (pending_.size() < length) {
      if (!fill()) return response;
    }
    response.body = pending_.substr(0, length);
    pending_.erase(0, length);
    response.status = status;
    return response;
  }

  // True iff the server closes the connection (after what it had to send).
  bool closed_by_server() {
    while (fill()) pending_.clear();
    return eof_;
  }

 private:
  bool fill() {
    pollfd p{fd_, POLLIN, 0};
    if (poll(&p, 1, 60'000) <= 0) return false;
    char buf[4096];
    const ssize_t n = recv(fd_, buf, sizeof buf, 0);
    if (n == 0) eof_ = true;
    if (n <= 0) return false;
    pending_.append(buf, static_cast<std::size_t>(n));
    return true;
  }

  int fd_ = -1;
  bool connected_ = false;
  bool eof_ = false;
  std::string pending_;
};

std::string request(const std::string& target, const std::string& extra_headers = "") {
  return "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extra_headers + "\r\n";
}

// One server over corpus/ for the whole suite.
class ServerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir;
    const test::RunResult r = test::run_index({"--db", db(), test::corpus_dir().string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    server_ = new ServerProcess({db()});
    ASSERT_GT(server_->port(), 0) << server_->banner() << server_->err();
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
    delete dir_;
    dir_ = nullptr;
  }
  static std::string db() { return (dir_->path() / "db").string(); }
  static std::string url(const std::string& path) { return "http://127.0.0.1:" + std::to_string(server_->port()) + path; }

  // GET an API path, expecting `status` and a JSON body.
  static json api(const std::string& path, int status = 200) {
    const httplib::Result res = server_->get(path);
    EXPECT_TRUE(res) << path;
    if (!res) return json();
    EXPECT_EQ(res->status, status) << path << "\n" << res->body;
    EXPECT_EQ(res->get_header_value("Content-Type"), "application/json") << path;
    return json::parse(res->body);
  }

  static TempDir* dir_;
  static ServerProcess* server_;
};

TempDir* ServerTest::dir_ = nullptr;
ServerProcess* ServerTest::server_ = nullptr;

TEST_F(ServerTest, ApiReturnsTheCliMatchesFieldByField) {
  const json doc = api(api_path({{"q", kElections}, {"limit", "5"}}));
  ASSERT_TRUE(doc.is_object());
  std::vector<std::string> keys;
  for (const auto& [key, value] : doc.items()) keys.push_back(key);
  EXPECT_EQ(std::set<std::string>(keys.begin(), keys.end()),
            (std::set<std::string>{"query", "estimated", "count", "count_is", "returned", "elapsed", "suggestion",
                                   "variants", "matches"}));  // no "variants" with variants=0 (variants_test.cpp)
  EXPECT_TRUE(doc["suggestion"].is_null());
  EXPECT_EQ(doc["variants"], json::array());
  EXPECT_FALSE(api(api_path({{"q", kElections}, {"limit", "5"}, {"variants", "0"}})).contains("variants"));
  EXPECT_EQ(doc["query"], kElections);
  EXPECT_GE(doc["estimated"].get<int>(), 10);
  EXPECT_EQ(doc["returned"], 5);
  EXPECT_TRUE(doc["elapsed"]["secs"].is_number_integer());
  EXPECT_TRUE(doc["elapsed"]["nanos"].is_number_integer());
  EXPECT_TRUE(std::regex_match(doc["elapsed"]["human"].get<std::string>(), std::regex(R"(\d+\.\d{6}s)")));
  ASSERT_EQ(doc["matches"].size(), 5u);

  // The very objects of fahras-search --json, in the same order.
  const test::RunResult cli = test::run_search({"--db", db(), "--json", "--limit", "5", kElections});
  ASSERT_EQ(cli.exit_code, 0) << cli.err;
  const std::vector<json> lines = json_lines(cli.out);
  ASSERT_EQ(lines.size(), 7u);
  for (std::size_t i = 0; i < 5; ++i) {
    EXPECT_EQ(doc["matches"][i], lines[i + 1]["data"]) << i;
  }
  const Searcher searcher({db()});
  const std::string term = searcher.analyzer().term(kElections);
  const json& first = doc["matches"][0];
  for (const char* field : {"rank", "id", "score", "title", "source", "category", "author", "date", "url", "path", "snippet"}) {
    EXPECT_TRUE(first.contains(field)) << field;
  }
  for (const json& h : first["snippet"]["highlights"]) {
    const std::string text = first["snippet"]["text"];
    EXPECT_EQ(searcher.analyzer().term(text.substr(h["start"], h["end"].get<std::size_t>() - h["start"].get<std::size_t>())), term);
  }
}

TEST_F(ServerTest, ApiFiltersAreFieldsLikeTheQuerySyntax) {
  const auto ids = [](const json& doc) { return ids_of(doc); };
  // source= and category= give what source:x and category:x give.
  EXPECT_EQ(ids(api(api_path({{"q", kElections}, {"category", "politic"}, {"limit", "100"}}))),
            ids(api(api_path({{"q", kElections + " category:politic"}, {"limit", "100"}}))));
  const json jawhara = api(api_path({{"q", kElections}, {"source", "Jawhara FM"}, {"limit", "100"}}));
  EXPECT_GT(jawhara["returned"].get<int>(), 0);
  EXPECT_EQ(ids(jawhara), ids(api(api_path({{"q", kElections + " source:\"Jawhara FM\""}, {"limit", "100"}}))));
  // Repeated values: any of them.
  EXPECT_EQ(ids(api(api_path({{"q", kElections}, {"source", "bbc"}, {"source", "jawhara"}, {"limit", "100"}}))),
            ids(jawhara));
  // A value is data, never query syntax: pasted into the query these would match other articles.
  for (const std::string& value : {std::string("politic) OR (تونس"), std::string("politic\" OR \"culture"),
                                   std::string("politic OR culture")}) {
    const json doc = api(api_path({{"q", kElections}, {"category", value}}));
    EXPECT_EQ(doc["returned"], 0) << value;
    EXPECT_EQ(doc["estimated"], 0) << value;
  }
}

TEST_F(ServerTest, ApiDatesSortAndPaging) {
  const json dated = api(api_path({{"q", "تونس"}, {"since", "2017"}, {"until", "2017-03"}, {"limit", "100"}}));
  ASSERT_GT(dated["returned"].get<int>(), 0);
  for (const json& m : dated["matches"]) {
    const std::string date = m["date"];
    EXPECT_GE(date, "2017-01-01T00:00:00Z");
    EXPECT_LE(date, "2017-03-31T23:59:59Z");
  }
  for (const auto& [sort, newest_first] : {std::pair{"date", true}, std::pair{"oldest", false}}) {
    const json doc = api(api_path({{"q", kElections}, {"sort", sort}, {"limit", "20"}}));
    ASSERT_GT(doc["returned"].get<int>(), 5);
    for (std::size_t i = 1; i < doc["matches"].size(); ++i) {
      const std::string before = doc["matches"][i - 1]["date"], after = doc["matches"][i]["date"];
      EXPECT_TRUE(newest_first ? before >= after : before <= after) << sort << ": " << before << " " << after;
    }
  }
  const std::vector<std::string> ten = ids_of(api(api_path({{"q", kElections}, {"limit", "10"}})));
  const json second = api(api_path({{"q", kElections}, {"offset", "5"}, {"limit", "5"}}));
  EXPECT_EQ(ids_of(second), std::vector<std::string>(ten.begin() + 5, ten.end()));
  EXPECT_EQ(second["matches"][0]["rank"], 6);
  // limit is capped at 100, and 0 asks only for the count, which is then exact.
  const json capped = api(api_path({{"q", "source:jawhara"}, {"limit", "5000"}}));
  EXPECT_GT(capped["estimated"].get<int>(), 100);
  EXPECT_EQ(capped["returned"], 100);
  const json counted = api(api_path({{"q", kElections}, {"limit", "0"}}));
  EXPECT_EQ(counted["returned"], 0);
  const json all = api(api_path({{"q", kElections}, {"limit", "100"}, {"fold", "0"}}));
  ASSERT_LT(all["returned"].get<int>(), 100);
  EXPECT_EQ(counted["estimated"], all["returned"]);
  // The count says whether it is exact, as --json does (printer.h).
  EXPECT_EQ(counted["count"], all["returned"]);
  EXPECT_EQ(counted["count_is"], "exact");
}

TEST_F(ServerTest, ApiErrorsAreJsonWithAStatus) {
  static const struct {
    std::vector<std::pair<std::string, std::string>> params;
    int status;
    std::string error;
  } cases[] = {
      {{}, 400, "missing parameter q"},
      {{{"q", ""}}, 400, "missing parameter q"},
      {{{"q", "(تونس"}}, 400, "unbalanced parenthesis"},
      {{{"q", "في"}}, 400, "nothing to search for"},
      {{{"q", "تونس"}, {"since", "yesterday"}}, 400, "since 'yesterday' is not a date"},
      {{{"q", "تونس"}, {"until", "2018-13"}}, 400, "until '2018-13'"},
      {{{"q", "تونس"}, {"limit", "ten"}}, 400, "limit 'ten' is not a whole number"},
      {{{"q", "تونس"}, {"limit", "-1"}}, 400, "limit '-1'"},
      {{{"q", "تونس"}, {"offset", "99999999"}}, 400, "offset '99999999' is too large"},
      {{{"q", "تونس"}, {"sort", "sideways"}}, 400, "sort 'sideways' is not relevance, date or oldest"},
      {{{"q", "تونس"}, {"source", "?!"}}, 400, "source: needs a value"},
      // A value is quoted on one line and cut (a decoded %0A would split the message and the log).
      {{{"q", "تونس"}, {"until", "2018\n13\t1"}}, 400, "until '2018\\n13\\t1' is not a date"},
      {{{"q", "تونس"}, {"since", "أمس " + std::string(100, 'x')}}, 400, "since 'أمس " + std::string(73, 'x') + "...' is not a date"},
  };
  for (const auto& c : cases) {
    const std::string path = api_path(c.params);
    const json doc = api(path, c.status);
    ASSERT_TRUE(doc.contains("error")) << path;
    EXPECT_NE(doc["error"].get<std::string>().find(c.error), std::string::npos) << path << ": " << doc;
  }
  const json missing = api("/api/nothing", 404);
  EXPECT_NE(missing["error"].get<std::string>().find("/api/nothing"), std::string::npos);
}

TEST_F(ServerTest, PageIsArabicFirstAndWorksWithoutJavaScript) {
  const httplib::Result res = server_->get("/");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->get_header_value("Content-Type"), "text/html; charset=utf-8");
  EXPECT_NE(res->get_header_value("Content-Security-Policy").find("default-src 'none'"), std::string::npos);
  const std::string& page = res->body;
  EXPECT_NE(page.find("<html dir=\"rtl\" lang=\"ar\">"), std::string::npos);
  EXPECT_NE(page.find("\"Noto Naskh Arabic\", \"Noto Sans Arabic\", \"Amiri\""), std::string::npos);
  EXPECT_NE(page.find("<form method=\"get\" action=\"/\""), std::string::npos);
  for (const char* name : {"q", "source", "category", "since", "until", "sort"}) {
    EXPECT_NE(page.find("name=\"" + std::string(name) + "\""), std::string::npos) << name;
  }
  EXPECT_EQ(page.find("<script"), std::string::npos);
  EXPECT_NE(page.find("ابحث في " + std::to_string(Searcher({db()}).document_count()) + " مقالًا"), std::string::npos);
}

TEST_F(ServerTest, PageUrlCarriesTheSearchAndPages) {
  const html::PageForm form{.q = "تونس", .source = "Jawhara FM", .category = "", .since = "2016",
                            .until = "2017-12-31", .sort = "date", .page = 2, .limit = "", .fold = ""};
  const httplib::Result res = server_->get(html::page_url(form, 2));
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  const std::string& page = res->body;
  const json api_doc = api(api_path({{"q", "تونس"}, {"source", "Jawhara FM"}, {"since", "2016"},
                                     {"until", "2017-12-31"}, {"sort", "date"}, {"offset", "10"},
                                     {"facets", "1"}}));  // exact, as the page's count (it has facets)
  ASSERT_GT(api_doc["estimated"].get<int>(), 20) << "the test needs a third page";
  // The form shows the search it ran.
  EXPECT_NE(page.find("name=\"q\" value=\"تونس\""), std::string::npos);
  EXPECT_NE(page.find("name=\"source\" value=\"Jawhara FM\""), std::string::npos);
  EXPECT_NE(page.find("<input type=\"text\" name=\"since\" value=\"2016\""), std::string::npos);
  EXPECT_NE(page.find("<input type=\"date\" name=\"until\" value=\"2017-12-31\""), std::string::npos);
  EXPECT_NE(page.find("<option value=\"date\" selected>"), std::string::npos);
  // Results 11-20, the same as the API's, with links to the neighbouring pages.
  EXPECT_NE(page.find("<ol class=\"results\" start=\"11\">"), std::string::npos);
  EXPECT_NE(page.find("data-estimated=\"" + std::to_string(api_doc["estimated"].get<int>()) + "\""), std::string::npos);
  EXPECT_EQ(count(page, "<li class=\"result\">"), 10u);
  for (const json& m : api_doc["matches"]) {
    EXPECT_NE(page.find("href=\"" + html::escape(m["url"].get<std::string>()) + "\""), std::string::npos) << m["id"];
  }
  const std::string first = html::escape(html::page_url(form, 1)), third = html::escape(html::page_url(form, 3));
  EXPECT_NE(page.find("<a rel=\"prev\" href=\"" + first + "\">"), std::string::npos) << first;
  EXPECT_NE(page.find("<a rel=\"next\" href=\"" + third + "\">"), std::string::npos) << third;
  EXPECT_EQ(first.find("page="), std::string::npos);
  EXPECT_NE(third.find("&amp;sort=date&amp;page=3"), std::string::npos);
  // Each source is a link to the same search within that source.
  EXPECT_NE(page.find("class=\"category\" href=\"/?q="), std::string::npos);
  // Past the last result: a page that says so.
  const httplib::Result far = server_->get(html::page_url(form, 50));
  ASSERT_TRUE(far);
  EXPECT_EQ(far->status, 200);
  EXPECT_NE(far->body.find("لا نتائج في هذه الصفحة"), std::string::npos);
}

// facets=1 adds the library's facets; a misspelt query carries its suggestion.
TEST_F(ServerTest, ApiCarriesSuggestionAndFacetsWhenAsked) {
  EXPECT_FALSE(api(api_path({{"q", kElections}})).contains("facets"));
  const json doc = api(api_path({{"q", kElections}, {"facets", "1"}, {"limit", "2"}}));
  SearchOptions options;
  options.facets = true;
  const SearchResults results = Searcher({db()}).search(kElections, options);
  ASSERT_TRUE(results.facets);
  EXPECT_EQ(doc["estimated"], results.estimated);
  ASSERT_EQ(doc["facets"]["category"].size(), results.facets->categories.size());
  for (std::size_t i = 0; i < results.facets->categories.size(); ++i) {
    EXPECT_EQ(doc["facets"]["category"][i]["value"], results.facets->categories[i].value);
    EXPECT_EQ(doc["facets"]["category"][i]["count"], results.facets->categories[i].count);
  }
  EXPECT_EQ(doc["facets"]["source"][0]["value"], "Jawhara FM");
  EXPECT_FALSE(doc["facets"]["year"].empty());
  EXPECT_EQ(api(api_path({{"q", "الانتخبات البلدية"}}))["suggestion"], "الانتخابات البلدية");
  EXPECT_EQ(api(api_path({{"q", kElections}, {"facets", "yes"}}), 400)["error"], "facets 'yes' is not 1 or 0 (true or false)");
}

// The page offers the corrected query as a link, and shows facet counts whose links apply the filter.
TEST_F(ServerTest, PageShowsDidYouMeanAndFacetLinks) {
  const httplib::Result res = server_->get(api_path({{"q", "الانتخبات"}}, "/"));
  ASSERT_TRUE(res);
  html::PageForm corrected;
  corrected.q = "الانتخابات";
  const std::string link = "<a href=\"" + html::escape(html::page_url(corrected, 1)) + "\">الانتخابات</a>";
  EXPECT_NE(res->body.find("<p class=\"suggestion\">هل تقصد: " + link), std::string::npos) << res->body;
  EXPECT_NE(res->body.find("Did you mean: <bdi>" + link), std::string::npos);

  const httplib::Result right = server_->get(api_path({{"q", kElections}}, "/"));
  ASSERT_TRUE(right);
  const std::string& page = right->body;
  EXPECT_EQ(page.find("class=\"suggestion\""), std::string::npos);
  SearchOptions options;
  options.facets = true;
  const SearchResults results = Searcher({db()}).search(kElections, options);
  html::PageForm form;
  form.q = kElections;
  for (const FacetCount& c : results.facets->categories) {
    html::PageForm filtered = form;
    filtered.category = c.value;
    const std::string item = "<li><a href=\"" + html::escape(html::page_url(filtered, 1)) + "\" dir=\"auto\">" + c.value +
                             "</a> <span class=\"count\">" + std::to_string(c.count) + "</span></li>";
    EXPECT_NE(page.find(item), std::string::npos) << item;
  }
  const FacetCount& year = results.facets->years.front();
  html::PageForm in_year = form;
  in_year.since = in_year.until = year.value;
  EXPECT_NE(page.find("href=\"" + html::escape(html::page_url(in_year, 1)) + "\""), std::string::npos);
  // Following a category link: that category is marked, and its link takes the filter away.
  html::PageForm filtered = form;
  filtered.category = results.facets->categories.front().value;
  const httplib::Result narrowed = server_->get(html::page_url(filtered, 1));
  ASSERT_TRUE(narrowed);
  EXPECT_NE(narrowed->body.find("<li><a href=\"" + html::escape(html::page_url(form, 1)) + "\" aria-current=\"true\""),
            std::string::npos);
}

TEST_F(ServerTest, PageErrorsAreFriendlyInArabicAndEnglish) {
  static const struct {
    std::string path;
    int status;
    const char* arabic;
    const char* english;
  } cases[] = {
      {api_path({{"q", "(تونس"}}, "/"), 400, "تعذّر تنفيذ هذا البحث", "unbalanced parenthesis"},
      {api_path({{"q", "تونس"}, {"since", "yesterday"}}, "/"), 400, "تعذّر تنفيذ هذا البحث", "since 'yesterday'"},
      {api_path({{"q", "تونس"}, {"page", "0"}}, "/"), 400, "تعذّر تنفيذ هذا البحث", "page '0'"},
      {api_path({{"q", "تونس"}, {"page", "99999"}}, "/"), 400, "تعذّر تنفيذ هذا البحث", "page '99999' is too far"},
      {"/no/such/page", 404, "هذه الصفحة غير موجودة", "/no/such/page"},
  };
  for (const auto& c : cases) {
    const httplib::Result res = server_->get(c.path);
    ASSERT_TRUE(res) << c.path;
    EXPECT_EQ(res->status, c.status) << c.path;
    EXPECT_NE(res->body.find(c.arabic), std::string::npos) << c.path;
    EXPECT_NE(res->body.find(html::escape(c.english)), std::string::npos) << c.path << "\n" << res->body;
    EXPECT_NE(res->body.find("<form method=\"get\""), std::string::npos) << "the form stays, to try again";
  }
  // The query that failed is in the form, to correct it.
  const httplib::Result res = server_->get(api_path({{"q", "(تونس"}}, "/"));
  EXPECT_NE(res->body.find("name=\"q\" value=\"(تونس\""), std::string::npos);
}

TEST_F(ServerTest, SearchesInParallelGiveTheSameAnswers) {
  const std::vector<std::string> queries = {kElections, "تونس", "الحكومة", "كرة القدم"};
  std::vector<json> expected;
  for (const std::string& q : queries) expected.push_back(api(api_path({{"q", q}}))["matches"]);
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 10; ++i) {
        const std::size_t k = static_cast<std::size_t>(t + i) % queries.size();
        const httplib::Result res = server_->get(api_path({{"q", queries[k]}}));
        if (!res || res->status != 200 || json::parse(res->body, nullptr, false)["matches"] != expected[k]) ++failures;
        const httplib::Result page = server_->get(api_path({{"q", queries[k]}}, "/"));
        if (!page || page->status != 200) ++failures;
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(failures, 0);
}

TEST_F(ServerTest, ChromiumShowsResultsWithHighlights) {
  if (access(kChromium, X_OK) != 0) GTEST_SKIP() << kChromium << " is not installed (apt-get install chromium)";
  const std::string dom = chromium_dom(url(api_path({{"q", kElections}}, "/")));
  ASSERT_NE(dom.find("<html dir=\"rtl\" lang=\"ar\">"), std::string::npos) << dom.substr(0, 2000);
  // The page counts facets, so its count is exact: compare with the API's exact count.
  const json doc = api(api_path({{"q", kElections}, {"facets", "1"}}));
  EXPECT_NE(dom.find("data-estimated=\"" + std::to_string(doc["estimated"].get<int>()) + "\""), std::string::npos);

  const std::size_t list = dom.find("<ol class=\"results\" start=\"1\">");
  ASSERT_NE(list, std::string::npos);
  const std::string results = dom.substr(list, dom.find("</ol>", list) - list);
  const std::regex item(R"(<li class="result">([\s\S]*?)</li>)");
  const std::vector<std::string> items = all_matches(results, item);
  ASSERT_EQ(items.size(), 10u);
  const Searcher searcher({db()});
  const std::string term = searcher.analyzer().term(kElections);
  const std::regex mark("<mark>([^<]*)</mark>");
  std::set<std::string> forms;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const std::string& li = items[i];
    const json& match = doc["matches"][i];
    EXPECT_NE(li.find("<h2 class=\"title\""), std::string::npos) << i;
    EXPECT_NE(li.find(cat(">", html::escape(match["source"].get<std::string>()), "</a>")), std::string::npos) << i;
    EXPECT_NE(li.find(cat(">", html::escape(match["category"].get<std::string>()), "</a>")), std::string::npos) << i;
    EXPECT_NE(li.find(cat("<time datetime=\"", match["date"].get<std::string>(), "\">")), std::string::npos) << i;
    EXPECT_NE(li.find("<p class=\"snippet\""), std::string::npos) << i;
    const std::vector<std::string> marks = all_matches(li, mark);
    EXPECT_FALSE(marks.empty()) << "result " << i << " has no <mark>:\n" << li;
    for (const std::string& word : marks) {
      EXPECT_EQ(searcher.analyzer().term(word), term) << word;
      forms.insert(word);
    }
  }
  EXPECT_GE(forms.size(), 3u) << "the spellings of the articles, not the query's";
}

// URLs as browsers and scripts write them: '+' for a space (the page's GET form), %XX in any case, a
// parameter without a value, and the path itself percent-encoded. Sent as written (httplib's client
// would encode the '+').
TEST_F(ServerTest, UrlsMeanWhatBrowsersMeanByThem) {
  const json spaced = api(api_path({{"q", kElections + " البلدية"}, {"limit", "5"}}));
  ASSERT_EQ(spaced["query"], kElections + " البلدية");
  ASSERT_EQ(spaced["returned"], 5);
  const auto raw = [](const std::string& target) {
    RawClient client(server_->port());
    EXPECT_TRUE(client.send(request(target)));
    const RawClient::Response response = client.read_response();
    EXPECT_EQ(response.status, 200) << target << "\n" << response.head;
    return json::parse(response.body, nullptr, false);
  };
  const std::string plus = "/api/search?limit=5&q=" + html::url_encode(kElections) + "+" + html::url_encode("البلدية");
  EXPECT_EQ(raw(plus)["matches"], spaced["matches"]) << plus;
  std::string lower = plus;
  std::transform(lower.begin(), lower.end(), lower.begin(), [](char c) { return static_cast<char>(std::tolower(c)); });
  EXPECT_EQ(raw(lower)["matches"], spaced["matches"]) << lower;
  EXPECT_EQ(raw(plus + "&facets&source=")["matches"], spaced["matches"]) << "empty parameters count as absent";
  EXPECT_EQ(raw("/api/%73earch?q=" + html::url_encode(kElections) + "&limit=5")["returned"], 5);
}

// Clients that never finish their request hold nothing back: more of them than the server has
// threads, all open and unfinished, and an ordinary request is answered meanwhile. The order of
// events is the assertion: all slow requests started, the ordinary answer, then each slow client
// still waited for (not dropped) and answered once it finishes.
TEST_F(ServerTest, SlowClientsDoNotHoldBackOthers) {
  constexpr int kSlow = 16;
  std::vector<std::unique_ptr<RawClient>> slow;
  std::vector<std::string> events;
  for (int i = 0; i < kSlow; ++i) {
    slow.push_back(std::make_unique<RawClient>(server_->port()));
    ASSERT_TRUE(slow.back()->connected());
    // The request line and part of a header: the server must wait for the rest.
    ASSERT_TRUE(slow.back()->send("GET /api/nothing HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "));
  }
  events.push_back("slow clients started");
  const json doc = api(api_path({{"q", kElections}, {"limit", "3"}}));
  if (doc["returned"] == 3) events.push_back("ordinary request answered");
  int waiting = 0;
  for (const auto& client : slow) waiting += client->waiting();
  if (waiting == kSlow) events.push_back("slow clients still waited for");
  int answered = 0;
  for (const auto& client : slow) {
    ASSERT_TRUE(client->send("yes\r\n\r\n"));
    const RawClient::Response response = client->read_response();
    answered += response.status == 404 && response.body.find("/api/nothing") != std::string::npos;
  }
  if (answered == kSlow) events.push_back("slow clients answered");
  EXPECT_EQ(events, (std::vector<std::string>{"slow clients started", "ordinary request answered",
                                              "slow clients still waited for", "slow clients answered"}));
}

TEST_F(ServerTest, OverLongRequestsAreRefusedAndTheServerGoesOn) {
  static const struct {
    std::string request;
    int status;
  } cases[] = {
      // A target past 8 KiB within a header under 16 KiB, and one past the header bound too.
      {request("/api/search?q=" + std::string(9000, 'a')), 414},
      {request("/?q=" + std::string(20000, 'a')), 414},
      // Headers past 16 KiB, in one header or in many.
      {request("/", "X-Long: " + std::string(20000, 'a') + "\r\n"), 431},
      {request("/", [] {
         std::string headers;
         for (int i = 0; i < 400; ++i) headers += "X-Header-" + std::to_string(i) + ": " + std::string(50, 'b') + "\r\n";
         return headers;
       }()), 431},
      {"NONSENSE\r\n\r\n", 400},
      {"GET /api/search?q=x HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100000\r\n\r\n", 413},
  };
  for (const auto& c : cases) {
    RawClient client(server_->port());
    ASSERT_TRUE(client.connected());
    client.send(c.request);  // the server may stop reading before the end: that is the point
    const RawClient::Response response = client.read_response();
    EXPECT_EQ(response.status, c.status) << c.request.substr(0, 60) << "\n" << response.head;
    EXPECT_TRUE(client.closed_by_server()) << c.request.substr(0, 60);
  }
  EXPECT_EQ(api(api_path({{"q", kElections}, {"limit", "1"}}))["returned"], 1);
}

TEST_F(ServerTest, ClientsThatLeaveMidRequestDoNotStopTheServer) {
  for (const std::string& part : {std::string("GET /api/sea"), request(api_path({{"q", kElections}})).substr(0, 40),
                                  std::string(request(api_path({{"q", kElections}, {"limit", "100"}})))}) {
    RawClient client(server_->port());
    ASSERT_TRUE(client.connected());
    ASSERT_TRUE(client.send(part));
    client.close();  // the last one leaves before its answer, which the server then writes to nobody
  }
  // A client that sends its whole request and closes at once, many times over, while others search.
  for (int i = 0; i < 20; ++i) {
    RawClient client(server_->port());
    ASSERT_TRUE(client.connected());
    client.send(request(api_path({{"q", "تونس"}, {"limit", "20"}})));
  }
  EXPECT_EQ(api(api_path({{"q", kElections}, {"limit", "2"}}))["returned"], 2);
}

TEST_F(ServerTest, KeepAliveAnswersSeveralRequestsOnOneConnection) {
  const json expected = api(api_path({{"q", kElections}, {"limit", "3"}}))["matches"];
  RawClient client(server_->port());
  ASSERT_TRUE(client.connected());
  // One after the other, then two sent at once (pipelined), answered in order.
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(client.send(request(api_path({{"q", kElections}, {"limit", "3"}}))));
    const RawClient::Response response = client.read_response();
    ASSERT_EQ(response.status, 200) << i;
    EXPECT_EQ(json::parse(response.body)["matches"], expected) << i;
  }
  ASSERT_TRUE(client.send(request(api_path({{"q", "تونس"}, {"limit", "1"}})) + request("/api/nothing")));
  const RawClient::Response first = client.read_response();
  const RawClient::Response second = client.read_response();
  EXPECT_EQ(first.status, 200);
  EXPECT_EQ(json::parse(first.body)["query"], "تونس");
  EXPECT_EQ(second.status, 404);
  // HEAD: the headers of GET, without the body (else the next answer would not parse).
  ASSERT_TRUE(client.send("HEAD / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n" + request("/api/nothing")));
  const RawClient::Response head = client.read_response(true);
  EXPECT_EQ(head.status, 200);
  EXPECT_NE(head.head.find("Content-Type: text/html; charset=utf-8"), std::string::npos) << head.head;
  EXPECT_EQ(client.read_response().status, 404);
  // The client says when it is done: the server then closes.
  RawClient once(server_->port());
  ASSERT_TRUE(once.send(request("/", "Connection: close\r\n")));
  EXPECT_EQ(once.read_response().status, 200);
  EXPECT_TRUE(once.closed_by_server());
}

// An article written to attack the page: every field tries to break out of its context.
constexpr const char* kHostileArticle = R"json({
  "id": "hostile-1",
  "title": "مسرحية <script>alert(1)</script> في قرطاج",
  "body": "عرضت المسرحية أمس \"><img src=x onerror=alert(1)> في قرطاج، و<script>alert(2)</script> أمام جمهور كبير. 'onmouseover='alert(3)",
  "source": "<b>Evil</b> \"FM\"",
  "category": "culture'><svg onload=alert(4)>",
  "url": "javascript:alert(5)",
  "date": "2018-03-05"
})json";

TEST(ServerEscapingTest, ArticleTextAndQueryAreShownAsText) {
  TempDir dir;
  test::write_file(dir / "in/hostile.json", kHostileArticle);
  const std::string db = (dir / "db").string();
  const test::RunResult indexed = test::run_index({"--db", db, (dir / "in").string()});
  ASSERT_EQ(indexed.exit_code, 0) << indexed.err;
  ServerProcess server({db});
  ASSERT_GT(server.port(), 0) << server.err();

  // Words of the query are marked in the page: keep the hostile ones out of the article.
  const std::string query = "مسرحية \"><svg onload=confirm(6)>";
  const std::string path = api_path({{"q", query}}, "/");
  const httplib::Result res = server.get(path);
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200);
  const std::string& page = res->body;
  EXPECT_EQ(count(page, "<li class=\"result\">"), 1u);
  for (const char* escaped :
       {"&lt;script&gt;alert(1)&lt;/script&gt;", "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;",
        "&lt;script&gt;alert(2)&lt;/script&gt;", "&#39;onmouseover=&#39;alert(3)", "&lt;b&gt;Evil&lt;/b&gt; &quot;FM&quot;",
        "culture&#39;&gt;&lt;svg onload=alert(4)&gt;", "value=\"مسرحية &quot;&gt;&lt;svg onload=confirm(6)&gt;\""}) {
    EXPECT_NE(page.find(escaped), std::string::npos) << escaped;
  }
  for (const char* raw : {"<script", "<img", "<svg", "<b>", "javascript:", "'onmouseover"}) {
    EXPECT_EQ(page.find(raw), std::string::npos) << raw;
  }
  EXPECT_NE(page.find("<mark>مسرحية</mark>"), std::string::npos);

  if (access(kChromium, X_OK) != 0) GTEST_SKIP() << kChromium << " is not installed (apt-get install chromium)";
  const std::string dom = chromium_dom("http://127.0.0.1:" + std::to_string(server.port()) + path);
  ASSERT_NE(dom.find("<li class=\"result\">"), std::string::npos) << dom;
  // Chromium serialises text with < and > escaped, so any of these would be an element it built.
  for (const char* element : {"<script", "<img", "<svg", "<b>"}) {
    EXPECT_EQ(dom.find(element), std::string::npos) << element << " in\n" << dom;
  }
  EXPECT_NE(dom.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(dom.find("\"&gt;&lt;img src=x onerror=alert(1)&gt;"), std::string::npos);
  EXPECT_EQ(dom.find("href=\"javascript:"), std::string::npos);
  EXPECT_EQ(server.stop(), 0);
}

// A database whose documents the searcher cannot read: the search fails on the server's side.
TEST(ServerFailureTest, ServerErrorsAre500AndTheServerGoesOn) {
  TempDir dir;
  const std::string db = (dir / "db").string();
  test::write_file(dir / "in/ok.json", R"({"id": "ok", "title": "مهرجان قرطاج", "body": "افتتاح مهرجان قرطاج الدولي"})");
  ASSERT_EQ(test::run_index({"--db", db, (dir / "in").string()}).exit_code, 0);
  {
    Xapian::WritableDatabase w(db);
    Xapian::Document broken;
    broken.add_term(Analyzer().term(kElections));
    broken.set_data("not a Fahras article");
    w.add_document(broken);
    w.commit();
  }
  ServerProcess server({db});
  ASSERT_GT(server.port(), 0) << server.err();
  const httplib::Result api = server.get(api_path({{"q", kElections}}));
  ASSERT_TRUE(api);
  EXPECT_EQ(api->status, 500);
  EXPECT_TRUE(json::parse(api->body).contains("error")) << api->body;
  const httplib::Result page = server.get(api_path({{"q", kElections}}, "/"));
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 500);
  EXPECT_NE(page->body.find("حدث خطأ في الخادم"), std::string::npos);
  // Still serving.
  const httplib::Result ok = server.get(api_path({{"q", "مهرجان"}}));
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200);
  EXPECT_EQ(json::parse(ok->body)["returned"], 1);
  EXPECT_EQ(server.stop(), 0);
  EXPECT_NE(server.err().find("fahras-search: GET /api/search: "), std::string::npos) << server.err();
}

TEST(ServerLifeTest, SeesArticlesIndexedWhileItRuns) {
  TempDir dir;
  const std::string db = (dir / "db").string();
  test::write_file(dir / "a.json", R"({"id": "a", "title": "مهرجان قرطاج", "body": "افتتاح مهرجان قرطاج الدولي"})");
  test::write_file(dir / "b.json", R"({"id": "b", "title": "موسم الزيتون", "body": "انطلاق جني الزيتون في صفاقس"})");
  ASSERT_EQ(test::run_index({"--db", db, (dir / "a.json").string()}).exit_code, 0);
  ServerProcess server({db});
  ASSERT_GT(server.port(), 0) << server.err();
  const auto returned = [&server] {
    const httplib::Result res = server.get(api_path({{"q", "الزيتون"}}));
    return res && res->status == 200 ? json::parse(res->body)["returned"].get<int>() : -1;
  };
  EXPECT_EQ(returned(), 0);
  ASSERT_EQ(test::run_index({"--db", db, (dir / "b.json").string()}).exit_code, 0);
  EXPECT_EQ(returned(), 1);
}

TEST(ServerLifeTest, CommandLineOptionsSetTheDefaultsOfRequests) {
  TempDir dir;
  const std::string db = (dir / "db").string();
  ASSERT_EQ(test::run_index({"--db", db, (test::corpus_dir() / "ant-v1.1/politic").string()}).exit_code, 0);
  const auto returned = [](const ServerProcess& server, const std::string& q) {
    const httplib::Result res = server.get(api_path({{"q", q}}));
    return res && res->status == 200 ? json::parse(res->body)["returned"].get<int>() : -1;
  };
  const std::string two_words = kElections + " البلدية";
  ServerProcess plain({db});
  ASSERT_GT(plain.port(), 0) << plain.err();
  ServerProcess strict({db}, {"--all", "--limit", "100", "--since", "2030", "--offset", "50"});
  ASSERT_GT(strict.port(), 0) << strict.err();
  const int tunisia = returned(strict, "تونس");
  EXPECT_GT(tunisia, 10) << "--limit sets the default limit; --since and --offset are each request's own";
  EXPECT_EQ(returned(plain, "تونس"), 10);
  EXPECT_GT(returned(strict, two_words), 0);
  EXPECT_LT(returned(strict, two_words), returned(plain, two_words)) << "--all requires every word";
}

TEST(ServerLifeTest, SynonymsApplyToEveryRequest) {
  TempDir dir;
  const std::string db = (dir / "db").string();
  ASSERT_EQ(test::run_index({"--db", db, test::corpus_dir().string()}).exit_code, 0);
  test::write_file(dir / "synonyms.txt", "فيسبوك / فايسبوك\n");
  const auto estimated = [](const ServerProcess& server) {
    const httplib::Result res = server.get(api_path({{"q", "فيسبوك"}}));
    return res && res->status == 200 ? json::parse(res->body)["estimated"].get<int>() : -1;
  };
  ServerProcess plain({db});
  ServerProcess expanded({db}, {"--synonyms", (dir / "synonyms.txt").string()});
  ASSERT_GT(expanded.port(), 0) << expanded.err();
  EXPECT_GT(estimated(plain), 0);
  EXPECT_GT(estimated(expanded), estimated(plain));
  // A bad file stops the server before it listens, naming the line.
  test::write_file(dir / "bad.txt", "فيسبوك\n");
  const test::RunResult bad = test::run_search({"--db", db, "--synonyms", (dir / "bad.txt").string(), "--serve", "127.0.0.1:0"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("bad.txt:1: a group needs at least two entries"), std::string::npos) << bad.err;
}

// A Server in this process, with bounds a test can reach: run() on a thread of its own, stopped and
// joined by the destructor.
class InProcessServer {
 public:
  explicit InProcessServer(ServeOptions options) : server_(std::move(options)), thread_([this] { server_.run(); }) {}
  ~InProcessServer() {
    server_.stop();
    thread_.join();
  }
  InProcessServer(const InProcessServer&) = delete;
  InProcessServer& operator=(const InProcessServer&) = delete;
  int port() const { return server_.port(); }

 private:
  Server server_;
  std::thread thread_;
};

ServeOptions serve_options(const std::string& db) {
  ServeOptions options;
  options.db_paths = {db};
  options.port = 0;
  return options;
}

// Past max_connections, a new connection gets 503 at once; those open are still served.
TEST(ServerBoundsTest, ConnectionsPastTheBoundGet503) {
  TempDir dir;
  const std::string db = (dir / "db").string();
  test::write_file(dir / "a.json", R"({"id": "a", "title": "مهرجان قرطاج", "body": "افتتاح مهرجان قرطاج الدولي"})");
  ASSERT_EQ(test::run_index({"--db", db, (dir / "a.json").string()}).exit_code, 0);
  ServeOptions options = serve_options(db);
  options.max_connections = 2;
  const InProcessServer server(options);
  RawClient first(server.port()), second(server.port());
  ASSERT_TRUE(first.send("GET /api/search?q=%D9%85%D9%87%D8%B1%D8%AC%D8%A7%D9%86 HTTP/1.1\r\n"));
  ASSERT_TRUE(second.send("GET / HTTP/1.1\r\n"));
  // Both are accepted before the third (the kernel queues connections in order): it is one too many.
  RawClient third(server.port());
  const RawClient::Response refused = third.read_response();
  EXPECT_EQ(refused.status, 503);
  EXPECT_TRUE(third.closed_by_server());
  ASSERT_TRUE(first.send("Host: 127.0.0.1\r\n\r\n"));
  const RawClient::Response answered = first.read_response();
  EXPECT_EQ(answered.status, 200);
  EXPECT_EQ(json::parse(answered.body)["returned"], 1);
  ASSERT_TRUE(second.send("Host: 127.0.0.1\r\n\r\n"));
  EXPECT_EQ(second.read_response().status, 200);
}

// A request that does not arrive whole within request_timeout is dropped, unanswered; the deadline
// counts from when the server starts waiting, so it covers an idle keep-alive connection too.
TEST(ServerBoundsTest, RequestsThatDoNotArriveInTimeAreDropped) {
  TempDir dir;
  const std::string db = (dir / "db").string();
  test::write_file(dir / "a.json", R"({"id": "a", "title": "مهرجان قرطاج", "body": "افتتاح مهرجان قرطاج الدولي"})");
  ASSERT_EQ(test::run_index({"--db", db, (dir / "a.json").string()}).exit_code, 0);
  ServeOptions options = serve_options(db);
  // Short, but long enough for a request sent in one piece to arrive on a loaded machine.
  options.request_timeout = std::chrono::seconds(2);
  const InProcessServer server(options);
  RawClient unfinished(server.port());
  ASSERT_TRUE(unfinished.send("GET /api/search?q=%D9%85%D9%87%D8%B1%D8%AC%D8%A7%D9%86 HTTP/1.1\r\nHost: 127.0.0.1\r\n"));
  RawClient idle(server.port());
  ASSERT_TRUE(idle.send(request("/api/search?q=%D9%85%D9%87%D8%B1%D8%AC%D8%A7%D9%86")));
  EXPECT_EQ(idle.read_response().status, 200);
  // Nothing more is sent: each is closed by the server, and the unfinished one gets no answer.
  EXPECT_EQ(unfinished.read_response().status, -1);
  EXPECT_TRUE(unfinished.closed_by_server());
  EXPECT_TRUE(idle.closed_by_server());
}

TEST(ServerLifeTest, StopsCleanlyOnSigterm) {
  TempDir dir;
  test::write_file(dir / "a.json", R"({"id": "a", "title": "مهرجان قرطاج", "body": "افتتاح مهرجان قرطاج الدولي"})");
  const std::string db = (dir / "db").string();
  ASSERT_EQ(test::run_index({"--db", db, (dir / "a.json").string()}).exit_code, 0);
  ServerProcess server({db});
  ASSERT_GT(server.port(), 0) << server.err();
  EXPECT_NE(server.banner().find("fahras-search: serving 1 articles at http://127.0.0.1:"), std::string::npos);
  // An idle keep-alive connection and an unfinished request do not keep it from stopping.
  RawClient idle(server.port());
  ASSERT_TRUE(idle.send(request("/api/search?q=%D9%85%D9%87%D8%B1%D8%AC%D8%A7%D9%86")));
  EXPECT_EQ(idle.read_response().status, 200);
  RawClient unfinished(server.port());
  ASSERT_TRUE(unfinished.send("GET / HTTP/1.1\r\n"));
  EXPECT_EQ(server.stop(), 0);
  EXPECT_TRUE(idle.closed_by_server());
  EXPECT_EQ(server.err(), "");
}

TEST(ServerLifeTest, BadAddressesAndBusyPortsAreOneLineErrors) {
  TempDir dir;
  test::write_file(dir / "a.json", R"({"id": "a", "title": "مهرجان قرطاج", "body": "افتتاح مهرجان قرطاج الدولي"})");
  const std::string db = (dir / "db").string();
  ASSERT_EQ(test::run_index({"--db", db, (dir / "a.json").string()}).exit_code, 0);
  ServerProcess first({db});
  ASSERT_GT(first.port(), 0) << first.err();
  const std::string busy = "127.0.0.1:" + std::to_string(first.port());

  static const struct {
    std::vector<std::string> args;
    std::string error;
  } cases[] = {
      {{"--serve", "8080"}, "--serve '8080' is not an address like 127.0.0.1:8080: no :PORT"},
      {{"--serve", "127.0.0.1:99999"}, "--serve '127.0.0.1:99999' is not an address like 127.0.0.1:8080"},
      {{"--serve", "127.0.0.1:http"}, "the port is a number from 0 to 65535"},
      {{"--serve", ":8080"}, "no host"},
      {{"--serve", "::1:8080"}, "in brackets"},
      {{"--serve", "127.0.0.1:0", "تونس"}, "give one of QUERY, --queries, --serve or --show"},
      {{"--serve", "256.1.1.1:8080"}, "--serve: cannot listen on 256.1.1.1:8080"},
      // A second server on a port in use fails, rather than sharing the port (httplib's SO_REUSEPORT).
      {{"--serve", busy}, "--serve: cannot listen on " + busy + ": Address already in use"},
  };
  for (const auto& c : cases) {
    std::vector<std::string> args = {"--db", db};
    args.insert(args.end(), c.args.begin(), c.args.end());
    const test::RunResult r = test::run(FAHRAS_SEARCH_BIN, args, 30s);
    EXPECT_EQ(r.exit_code, 2) << c.args[1] << ": " << r.out;
    EXPECT_EQ(r.err.rfind("fahras-search: ", 0), 0u) << r.err;
    EXPECT_NE(r.err.find(c.error), std::string::npos) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << "one line: " << r.err;
  }
  const test::RunResult missing = test::run(FAHRAS_SEARCH_BIN, {"--db", (dir / "none").string(), "--serve", "127.0.0.1:0"}, 30s);
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("no database at"), std::string::npos) << missing.err;
}

}  // namespace
}  // namespace fahras
