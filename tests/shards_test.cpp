// Sharded databases (fahras-index --shards N) and remote ones (xapian-tcpsrv): on the real articles
// of corpus/, a sharded build holds exactly what one database holds; incremental runs, kills and
// rebuilds keep it so; and one database, its shards opened locally and the same shards served by
// xapian-tcpsrv give the same results in the same order, snippets included. A shard that is down,
// or that accepts connections and never answers, is named in a one-line error within the timeout.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <gtest/gtest.h>
#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <optional>
#include <set>
#include <thread>

#include <nlohmann/json.hpp>

#include "fahras/error.h"
#include "fahras/indexer.h"
#include "fahras/schema.h"
#include "fahras/searcher.h"
#include "compare.h"
#include "indexing.h"
#include "test_util.h"

namespace fahras {
namespace {

namespace fs = std::filesystem;
using test::TempDir;

using test::Fingerprint;
using test::fingerprint;

Fingerprint fingerprint(const fs::path& db) { return fingerprint(Xapian::Database(db.string())); }

// The crash-safety invariant over a sharded database, "" when it holds: each article is in the shard
// shard_of() names, every recorded file (states in shard-0) has all its articles, every article
// belongs to a recorded file, and no id is indexed twice.
// After a run killed in the middle, the files of its last batch may have a state that does not match
// their articles yet (indexer/writer.h): then only `placement` is checked (each article in its shard, once).
enum class Check { kPlacement, kAll };

std::string inconsistency(const fs::path& dir, std::uint32_t shards, Check check = Check::kAll) {
  const Xapian::Database all(dir.string());
  for (std::uint32_t i = 0; i < shards; ++i) {
    const Xapian::Database shard((dir / ("shard-" + std::to_string(i))).string());
    for (auto d = shard.postlist_begin(""); d != shard.postlist_end(""); ++d) {
      const std::string id = schema::decode_article(shard.get_document(*d).get_data()).id;
      if (schema::shard_of(id, shards) != i) return id + " is in shard " + std::to_string(i);
    }
  }
  const std::string q(schema::kIdPrefix);
  for (auto t = all.allterms_begin(q); t != all.allterms_end(q); ++t) {
    if (t.get_termfreq() != 1) return *t + " indexed " + std::to_string(t.get_termfreq()) + " times";
  }
  if (check == Check::kPlacement) return "";
  const Xapian::Database first((dir / "shard-0").string());
  const std::string prefix(schema::kFileStatePrefix);
  std::uint64_t recorded = 0;
  for (auto k = first.metadata_keys_begin(prefix); k != first.metadata_keys_end(prefix); ++k) {
    const std::optional<schema::FileState> state = schema::decode_file_state(first.get_metadata(*k));
    if (!state) return "undecodable file state " + *k;
    const Xapian::doccount articles = all.get_termfreq(schema::file_term(state->path));
    if (articles != state->articles) {
      return state->path + " has " + std::to_string(articles) + " articles, its state says " + std::to_string(state->articles);
    }
    recorded += articles;
  }
  if (recorded != all.get_doccount()) return std::to_string(all.get_doccount() - recorded) + " articles of files without a state";
  return "";
}

using test::index;

// Sets every file's mtime an hour back, so that no state records a "too recent" mtime.
void age(const fs::path& root) {
  const auto old = fs::file_time_type::clock::now() - std::chrono::hours(1);
  for (const fs::directory_entry& e : fs::recursive_directory_iterator(root)) {
    if (e.is_regular_file()) fs::last_write_time(e.path(), old);
  }
}

// A copy of corpus/ (its 299 ANT articles and the same articles in the other formats).
fs::path copy_corpus(const fs::path& to) {
  fs::copy(test::corpus_dir(), to, fs::copy_options::recursive);
  age(to);
  return to;
}

TEST(Shards, ShardedBuildHoldsWhatOneDatabaseHoldsEachArticleInItsShard) {
  TempDir dir;
  const fs::path tree = copy_corpus(dir / "tree");
  const IndexSummary one = index(dir / "one", {tree});
  const test::RunResult run = test::run_index({"--db", (dir / "sh").string(), "--shards", "3", tree.string()});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.err.find(std::to_string(one.articles) + " documents in the database"), std::string::npos) << run.err;
  EXPECT_EQ(test::slurp(dir / "sh" / "XAPIANDB"), "auto shard-0\nauto shard-1\nauto shard-2\n");
  for (int i = 0; i < 3; ++i) {
    EXPECT_GT(Xapian::Database((dir / "sh" / ("shard-" + std::to_string(i))).string()).get_doccount(), 50u);
  }
  const Fingerprint want = fingerprint(dir / "one");
  ASSERT_EQ(want.size(), one.articles);
  EXPECT_TRUE(fingerprint(dir / "sh") == want);
  EXPECT_EQ(inconsistency(dir / "sh", 3), "");
  EXPECT_FALSE(fs::exists(dir / "sh.new"));
}

TEST(Shards, IncrementalRunsOverShardsGiveWhatAFreshBuildGives) {
  TempDir dir;
  const fs::path tree = copy_corpus(dir / "tree");
  const fs::path sh = dir / "sh";
  index(sh, {tree}, 2);
  // Nothing changed: nothing read. A plain --db finds the shards by the stub.
  const test::RunResult again = test::run_index({"--db", sh.string(), tree.string()});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.err.find("0 added, 0 updated"), std::string::npos) << again.err;

  // Change one article, delete a file, add one, and cut a JSON Lines file of 4 articles (spread over
  // both shards) to its first.
  const fs::path politics = tree / "ant-v1.1" / "politic";
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(politics)) files.push_back(e.path());
  std::sort(files.begin(), files.end());
  ASSERT_GE(files.size(), 3u);
  std::string changed = test::slurp(files[0]);
  changed.replace(changed.find("<TEXT>") + 6, 0, "المقاطعة الشاملة ");
  test::write_file(files[0], changed);
  fs::remove(files[1]);
  std::string copy = test::slurp(files[2]);
  copy.replace(copy.find("</DOCNO>"), 0, "-copy");
  test::write_file(politics / "copy-of-third.txt", copy);
  std::vector<fs::path> jsonl;
  for (const auto& e : fs::recursive_directory_iterator(tree)) {
    if (e.path().extension() == ".jsonl") jsonl.push_back(e.path());
  }
  ASSERT_FALSE(jsonl.empty());
  const std::string lines = test::slurp(jsonl[0]);
  test::write_file(jsonl[0], lines.substr(0, lines.find('\n') + 1));
  age(tree);

  const IndexSummary s = index(sh, {tree});
  EXPECT_EQ(s.files_updated, 2u);
  EXPECT_EQ(s.files_added, 1u);
  EXPECT_EQ(s.files_removed, 1u);
  EXPECT_EQ(s.articles_removed, 4u);  // 3 of the JSON Lines file's articles, the deleted file's one
  EXPECT_EQ(inconsistency(sh, 2), "");
  index(dir / "fresh", {tree});
  EXPECT_TRUE(fingerprint(sh) == fingerprint(dir / "fresh"));
  EXPECT_EQ(Searcher({sh.string()}).search("المقاطعة الشاملة", {}).hits.at(0).id,
            schema::decode_article(Xapian::Database((dir / "fresh").string())
                                       .get_document(*Xapian::Database((dir / "fresh").string()).postlist_begin(schema::file_term(fs::canonical(files[0]).string())))
                                       .get_data()).id);

  // The number of shards is fixed; --rebuild changes it, and keeps it when not given.
  const test::RunResult three = test::run_index({"--db", sh.string(), "--shards", "3", tree.string()});
  EXPECT_EQ(three.exit_code, 2);
  EXPECT_NE(three.err.find("has 2 shards, not 3"), std::string::npos) << three.err;
  const test::RunResult split = test::run_index({"--db", (dir / "fresh").string(), "--shards", "2", tree.string()});
  EXPECT_EQ(split.exit_code, 2);
  EXPECT_NE(split.err.find("is one database, not 2 shards"), std::string::npos) << split.err;
  const test::RunResult rebuilt = test::run_index({"--db", sh.string(), "--rebuild", "--shards", "3", tree.string()});
  ASSERT_EQ(rebuilt.exit_code, 0) << rebuilt.err;
  EXPECT_EQ(fs::exists(sh / "shard-2"), true);
  EXPECT_EQ(inconsistency(sh, 3), "");
  EXPECT_TRUE(fingerprint(sh) == fingerprint(dir / "fresh"));
  ASSERT_EQ(test::run_index({"--db", sh.string(), "--rebuild", tree.string()}).exit_code, 0);
  EXPECT_EQ(test::slurp(sh / "XAPIANDB"), "auto shard-0\nauto shard-1\nauto shard-2\n");
  ASSERT_EQ(test::run_index({"--db", sh.string(), "--rebuild", "--shards", "1", tree.string()}).exit_code, 0);
  EXPECT_FALSE(fs::exists(sh / "XAPIANDB"));
  EXPECT_TRUE(fingerprint(sh) == fingerprint(dir / "fresh"));
}

TEST(Shards, SecondIndexerOnShardsIsLockedOut) {
  TempDir dir;
  const fs::path tree = copy_corpus(dir / "tree");
  index(dir / "sh", {tree}, 2);
  IndexOptions options;
  Indexer holder(dir / "sh", options);
  const test::RunResult second = test::run_index({"--db", (dir / "sh").string(), tree.string()});
  EXPECT_EQ(second.exit_code, 3);
  EXPECT_NE(second.err.find("locked by another indexer"), std::string::npos) << second.err;
}

TEST(Shards, KilledRunsNeverLoseOrDuplicateAnArticle) {
  TempDir dir;
  const fs::path tree = copy_corpus(dir / "tree");
  const fs::path sh = dir / "sh";
  index(dir / "fresh", {tree});
  const Fingerprint want = fingerprint(dir / "fresh");
  // Killed (FAHRAS_INDEX_STOP_AT, indexer/stop_points.h) right after making the shards, right after
  // a commit, between the other shards' commit and shard-0's (which holds the file states), in the
  // middle of a batch, and after a commit again. The first run makes the shards; later runs need
  // not be told how many.
  int killed = 0;
  const struct {
    const char* stop;
    std::vector<std::string> shards;
  } kills[] = {{"open:1", {"--shards", "2"}}, {"commit:1", {}}, {"shards:2", {}}, {"file:120", {}},
               {"commit:3", {}}};
  for (const auto& k : kills) {
    std::vector<std::string> args{"--db", sh.string(), "--batch-size", "20", tree.string()};
    args.insert(args.end(), k.shards.begin(), k.shards.end());
    test::Child child(FAHRAS_INDEX_BIN, args, {}, {std::string("FAHRAS_INDEX_STOP_AT=") + k.stop});
    if (child.wait_stopped()) {
      child.signal(SIGKILL);
      ++killed;
    }
    child.wait();
    ASSERT_TRUE(fs::exists(sh / "XAPIANDB")) << "killed at " << k.stop;
    EXPECT_EQ(inconsistency(sh, 2, Check::kPlacement), "") << "killed at " << k.stop;
    EXPECT_NO_THROW(Searcher({sh.string()}).search("الانتخابات", {}));
  }
  EXPECT_EQ(killed, 5) << "the runs ended before they reached their stop point";
  const test::RunResult rest = test::run_index({"--db", sh.string(), tree.string()});
  EXPECT_EQ(rest.exit_code, 0) << rest.err;
  EXPECT_EQ(inconsistency(sh, 2), "");
  EXPECT_TRUE(fingerprint(sh) == want);
}

// A free TCP port on the loopback interface (free when asked; the caller binds it at once).
int free_port() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  socklen_t size = sizeof address;
  EXPECT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  EXPECT_EQ(getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size), 0);
  close(fd);
  return ntohs(address.sin_port);
}

bool accepts_connections(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  const bool ok = connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
  close(fd);
  return ok;
}

// xapian-tcpsrv serving one database on a free loopback port, killed at destruction (test::Child).
class TcpServer {
 public:
  explicit TcpServer(const fs::path& db) {
    for (int attempt = 0; attempt < 5 && !ready_; ++attempt) {
      port_ = free_port();
      child_.emplace(kProgram, std::vector<std::string>{"--interface", "127.0.0.1", "--port",
                                                        std::to_string(port_), db.string()});
      const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
      while (child_->running() && std::chrono::steady_clock::now() < deadline && !ready_) {
        ready_ = accepts_connections(port_);
        if (!ready_) std::this_thread::sleep_for(std::chrono::milliseconds(20));
      }
      if (!ready_) child_.reset();  // the port was taken meanwhile, or too slow: kill, try another
    }
  }
  static bool available() { return fs::exists(kProgram); }
  bool ready() const { return ready_; }
  std::string address() const { return "tcp://127.0.0.1:" + std::to_string(port_); }
  // Stops the server and the processes it forked, one per connection, as when its machine goes down.
  void stop() {
    if (!child_) return;
    for (const fs::directory_entry& e : fs::directory_iterator("/proc")) {
      const std::string stat = test::slurp(e.path() / "stat");
      const std::size_t close_paren = stat.rfind(')');
      if (close_paren == std::string::npos) continue;
      std::istringstream fields(stat.substr(close_paren + 2));
      std::string state;
      pid_t parent = 0;
      fields >> state >> parent;
      if (parent == child_->pid()) kill(std::stoi(e.path().filename().string()), SIGKILL);
    }
    child_.reset();
  }

 private:
  static constexpr const char* kProgram = "/usr/bin/xapian-tcpsrv";
  int port_ = 0;
  bool ready_ = false;
  std::optional<test::Child> child_;
};

// corpus/ indexed once into one database and into two shards, shared by the remote tests.
class RemoteShards : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir;
    index(dir_->path() / "one", {test::corpus_dir()});
    index(dir_->path() / "sh", {test::corpus_dir()}, 2);
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }
  void SetUp() override {
    if (!TcpServer::available()) GTEST_SKIP() << "xapian-tcpsrv is not installed (Debian package xapian-tools)";
    servers_.emplace_back(std::make_unique<TcpServer>(shard(0)));
    servers_.emplace_back(std::make_unique<TcpServer>(shard(1)));
    for (const auto& s : servers_) ASSERT_TRUE(s->ready()) << "xapian-tcpsrv did not start";
  }
  static fs::path shard(int i) { return dir_->path() / "sh" / ("shard-" + std::to_string(i)); }
  std::vector<std::string> remote() const { return {servers_[0]->address(), servers_[1]->address()}; }

  static TempDir* dir_;
  std::vector<std::unique_ptr<TcpServer>> servers_;
};

TempDir* RemoteShards::dir_ = nullptr;

// fahras-search's JSON Lines, without the summary's time, nor its count when that is an estimate
// (count_is "estimated"): Xapian estimates from the articles the matcher looked at, and with exact
// bounds (query.h, kWeightScale) it skips different ones over one database and over shards. Exact
// counts and the results themselves must be the same.
std::string json_results(const std::vector<std::string>& dbs, const std::vector<std::string>& args,
                         int exit_code = 0) {
  std::vector<std::string> all;
  for (const std::string& db : dbs) all.insert(all.end(), {"--db", db});
  all.insert(all.end(), args.begin(), args.end());
  const test::RunResult r = test::run_search(all);
  EXPECT_EQ(r.exit_code, exit_code) << r.err;
  std::string out;
  std::istringstream lines(r.out);
  for (std::string line; std::getline(lines, line);) {
    nlohmann::json message = nlohmann::json::parse(line);
    if (message["type"] == "summary") message["data"].erase("elapsed");
    if (message["type"] == "summary" && message["data"]["count_is"] == "estimated") {
      message["data"].erase("estimated");
      message["data"].erase("count");
    }
    out += message.dump() + "\n";
  }
  return out;
}

TEST_F(RemoteShards, OneDatabaseLocalShardsAndRemoteShardsGiveTheSameResults) {
  const std::string one = (dir_->path() / "one").string();
  const std::string folder = (dir_->path() / "sh").string();
  const std::string stub = (dir_->path() / "sh" / "XAPIANDB").string();
  const struct {
    std::vector<std::string> args;
  } queries[] = {
      {{"--limit", "50", "الانتخابات"}},
      {{"--limit", "50", "--all", "الحكومة التونسية"}},
      {{"--limit", "20", "\"وزارة الشؤون الثقافية\""}},
      {{"--limit", "20", "title:الحكومة"}},
      {{"--limit", "20", "source:jawhara", "تونس"}},
      {{"--limit", "20", "--since", "2016-01", "--until", "2016-06", "تونس"}},
      {{"--limit", "20", "--offset", "7", "--sort", "date", "الرئيس"}},
      {{"--limit", "20", "--sort", "oldest", "الرئيس"}},
      {{"--limit", "20", "--collapse", "تونس"}},
  };
  for (const auto& q : queries) {
    std::vector<std::string> args = q.args;
    // Unfolded: folding ranks the first 100 results, whose estimated count (in the summary) depends
    // on how the articles are split, as with --collapse.
    args.insert(args.begin(), {"--json", "--no-fold"});
    const std::string want = json_results({one}, args);
    ASSERT_NE(want.find("\"snippet\":{\"highlights\":[{"), std::string::npos) << want.substr(0, 500);
    EXPECT_EQ(json_results({folder}, args), want) << args.back();
    EXPECT_EQ(json_results({stub}, args), want) << args.back();
    EXPECT_EQ(json_results({shard(0).string(), shard(1).string()}, args), want) << args.back();
    EXPECT_EQ(json_results(remote(), args), want) << args.back();
  }
  // Each shard keeps the suggestion index of its articles; the searcher reads every shard's, locally
  // and over tcp://, and Xapian adds up the shards' frequencies.
  for (const char* misspelled : {"الانتخبات", "الحكمومة"}) {
    const std::vector<std::string> args = {"--json", "--limit", "5", misspelled};
    const std::string want = json_results({one}, args, 1);  // 1: no match
    ASSERT_NE(want.find("\"suggestion\":\"ال"), std::string::npos) << want;
    EXPECT_EQ(json_results({folder}, args, 1), want) << misspelled;
    EXPECT_EQ(json_results({shard(0).string(), shard(1).string()}, args, 1), want) << misspelled;
    EXPECT_EQ(json_results(remote(), args, 1), want) << misspelled;
  }
  // The text output (collapsed), over the remote shards.
  const test::RunResult text = test::run_search({"--db", one, "--color", "never", "الانتخابات البلدية"});
  const test::RunResult text_remote = test::run_search({"--db", remote()[0], "--db", remote()[1], "--color", "never", "الانتخابات البلدية"});
  // The same articles, in the same order, with the same snippets. (Not the footer: with collapse,
  // "of about N" is Xapian's estimate, which depends on how the articles are split.)
  const auto hits = [](const std::string& s) { return s.substr(0, s.rfind("\nResults ")); };
  ASSERT_NE(text.out.find("\n2. "), std::string::npos) << text.out;
  EXPECT_EQ(hits(text_remote.out), hits(text.out));
}

TEST_F(RemoteShards, ShardThatIsDownIsNamedOrLeftOutWithAWarning) {
  const std::string nobody = "tcp://127.0.0.1:" + std::to_string(free_port());
  const test::RunResult down = test::run(FAHRAS_SEARCH_BIN, {"--db", remote()[0], "--db", nobody, "تونس"}, std::chrono::seconds(60));
  EXPECT_EQ(down.exit_code, 3);
  EXPECT_EQ(down.err, "fahras-search: database " + nobody + " does not answer: Couldn't connect (Connection refused)\n");
  const test::RunResult partial = test::run(FAHRAS_SEARCH_BIN, {"--db", remote()[0], "--db", nobody, "--allow-partial", "--json", "تونس"}, std::chrono::seconds(60));
  EXPECT_EQ(partial.exit_code, 0) << partial.err;
  EXPECT_NE(partial.out.find("\"warnings\":[\"database " + nobody + " does not answer"), std::string::npos) << partial.out;
  const test::RunResult text = test::run(FAHRAS_SEARCH_BIN, {"--db", remote()[0], "--db", nobody, "--allow-partial", "تونس"}, std::chrono::seconds(60));
  EXPECT_NE(text.out.find("\nwarning: database " + nobody + " does not answer"), std::string::npos) << text.out;

  const test::RunResult bad = test::run_search({"--db", "tcp://127.0.0.1", "تونس"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_EQ(bad.err, "fahras-search: bad database address 'tcp://127.0.0.1': expected tcp://HOST:PORT\n");
  EXPECT_EQ(test::run_search({"--db", remote()[0], "--timeout", "soon", "تونس"}).exit_code, 2);

  // A shard that goes down under an open Searcher: named, or left out with allow_partial.
  const Searcher strict(remote());
  OpenOptions lenient_options;
  lenient_options.allow_partial = true;
  const Searcher lenient(remote(), lenient_options);
  SearchOptions options;
  options.limit = 100;
  const std::size_t all_hits = strict.search("تونس", options).hits.size();
  servers_[1]->stop();
  try {
    strict.search("تونس", options);
    ADD_FAILURE() << "no error with a shard down";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), Error::Kind::kUnavailable);
    EXPECT_NE(std::string(e.what()).find(remote()[1]), std::string::npos) << e.what();
  }
  const SearchResults some = lenient.search("تونس", options);
  ASSERT_EQ(some.warnings.size(), 1u);
  EXPECT_NE(some.warnings[0].find(remote()[1]), std::string::npos) << some.warnings[0];
  EXPECT_GT(some.hits.size(), 0u);
  EXPECT_LT(some.hits.size(), all_hits);
}

// A listener that accepts connections and never says a word.
class SilentListener {
 public:
  SilentListener() : fd_(socket(AF_INET, SOCK_STREAM, 0)) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t size = sizeof address;
    EXPECT_EQ(bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
    EXPECT_EQ(getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &size), 0);
    EXPECT_EQ(listen(fd_, 16), 0);  // the kernel completes connections: no accept() needed
    port_ = ntohs(address.sin_port);
  }
  ~SilentListener() { close(fd_); }
  SilentListener(const SilentListener&) = delete;
  SilentListener& operator=(const SilentListener&) = delete;
  std::string address() const { return "tcp://127.0.0.1:" + std::to_string(port_); }

 private:
  int fd_;
  int port_ = 0;
};

TEST_F(RemoteShards, ShardThatNeverAnswersTimesOut) {
  const SilentListener silent;
  // Killed after 60 s: a hang fails the test instead of blocking the suite.
  const test::RunResult r = test::run(FAHRAS_SEARCH_BIN, {"--db", remote()[0], "--db", silent.address(), "--timeout", "500ms", "تونس"}, std::chrono::seconds(60));
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_EQ(r.err, "fahras-search: database " + silent.address() + " does not answer: Timeout expired while trying to read\n");
  const test::RunResult partial = test::run(FAHRAS_SEARCH_BIN, {"--db", silent.address(), "--db", remote()[1], "--timeout", "0.5s", "--allow-partial", "--ids", "تونس"}, std::chrono::seconds(60));
  EXPECT_EQ(partial.exit_code, 0) << partial.err;
  EXPECT_FALSE(partial.out.empty());
}

}  // namespace
}  // namespace fahras
