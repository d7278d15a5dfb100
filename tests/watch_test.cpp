// fahras-index --watch, end to end: the indexer runs as a child process over a folder of real
// corpus/ articles while the test drops, changes, deletes and moves files, and a Searcher (reopened)
// and a `fahras-search --serve` see each change without a restart. Driven by events: the test waits
// for the indexer's lines on stderr ("watching N folders", then "indexed: ..." after each commit)
// with poll and a generous deadline that fails the test, never for a guessed time.
#include <algorithm>
#include <functional>
#include <optional>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <httplib.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <xapian.h>

#include "fahras/schema.h"
#include "fahras/searcher.h"
#include "name_articles.h"
#include "test_util.h"

namespace fahras {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using test::TempDir;

constexpr std::chrono::seconds kDeadline(120);

std::size_t count_of(const std::string& text, std::string_view what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + what.size())) ++n;
  return n;
}

// The corpus/ articles of one category, sorted by name.
std::vector<fs::path> articles_of(const std::string& category) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(test::corpus_dir() / "ant-v1.1" / category)) {
    files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

// The spellings table of name variants of the database at `path`, with its marker (schema.h,
// kSpellingsPrefix, kSpellingsKey), as one revision holds them.
std::map<std::string, std::string> spellings_table(const std::string& path) {
  const Xapian::Database db(path);
  std::map<std::string, std::string> out;
  for (const std::string_view prefix : {schema::kSpellingsPrefix, schema::kSpellingsKey}) {
    for (auto k = db.metadata_keys_begin(std::string(prefix)); k != db.metadata_keys_end(std::string(prefix)); ++k) {
      out[*k] = db.get_metadata(*k);
    }
  }
  return out;
}

// An article file's DOCNO (corpus/ant-v1.1 files are TREC SGML, one article each).
std::string docno(const fs::path& file) {
  const std::string text = test::slurp(file);
  const std::size_t start = text.find("<DOCNO>") + 7;
  return text.substr(start, text.find("</DOCNO>") - start);
}

class WatchTest : public ::testing::Test {
 protected:
  fs::path archive() const { return dir_ / "archive"; }
  std::string db() const { return (dir_ / "db").string(); }

  // Waits until `state()` holds in the database, checking it once now and again after each batch
  // the indexer reports committed. Fails the test when the deadline passes first.
  void wait_for(const std::function<bool(Searcher&)>& state, const std::string& what) {
    const auto deadline = std::chrono::steady_clock::now() + kDeadline;
    for (;;) {
      searcher_->reopen();
      if (state(*searcher_)) return;
      const std::size_t batches = count_of(indexer_->err(), "indexed: ");
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      ASSERT_TRUE(left.count() > 0 && indexer_->read_until([&](const std::string&, const std::string& err) {
        return count_of(err, "indexed: ") > batches;
      }, left)) << "still not " << what << "; the indexer said:\n" << indexer_->err();
    }
  }

  // The matches of `query` through the running `fahras-search --serve`.
  std::vector<std::string> served_ids(const std::string& query) {
    httplib::Client client("127.0.0.1", port_);
    client.set_connection_timeout(10);
    client.set_read_timeout(60);
    const httplib::Result res = client.Get(("/api/search?limit=100&q=" + query).c_str());
    EXPECT_TRUE(res && res->status == 200) << (res ? res->body : "no answer");
    std::vector<std::string> ids;
    if (!res) return ids;
    const json answer = json::parse(res->body);
    for (const json& match : answer["matches"]) ids.push_back(match["id"].get<std::string>());
    return ids;
  }

  TempDir dir_;
  std::optional<test::PipedChild> indexer_;
  std::optional<Searcher> searcher_;
  int port_ = 0;
};

TEST_F(WatchTest, FollowsNewChangedDeletedAndMovedFilesAndStopsCleanly) {
  const std::vector<fs::path> culture = articles_of("culture");
  const std::vector<fs::path> sport = articles_of("sport");
  ASSERT_GE(culture.size(), 8u);
  fs::create_directories(archive() / "culture");
  for (std::size_t i = 0; i < 3; ++i) fs::copy_file(culture[i], archive() / "culture" / culture[i].filename());
  const auto has = [](const std::string& id) { return [id](Searcher& s) { return s.article(id).has_value(); }; };
  const auto lacks = [](const std::string& id) { return [id](Searcher& s) { return !s.article(id); }; };

  indexer_.emplace(FAHRAS_INDEX_BIN, std::vector<std::string>{"--watch", "--db", db(), archive().string()});
  ASSERT_TRUE(indexer_->read_until([](const std::string&, const std::string& err) {
    return err.find("fahras-index: watching 2 folders") != std::string::npos;
  }, kDeadline)) << indexer_->err();
  EXPECT_NE(indexer_->err().find("3 articles from 3 files"), std::string::npos) << indexer_->err();
  searcher_.emplace(std::vector<std::string>{db()});
  EXPECT_EQ(searcher_->document_count(), 3u);

  // The one writer holds the lock while it watches.
  EXPECT_EQ(test::run_index({"--db", db(), archive().string()}).exit_code, 3);

  // A server started now sees what is indexed later, without a restart.
  test::PipedChild server(FAHRAS_SEARCH_BIN, {"--db", db(), "--serve", "127.0.0.1:0"});
  ASSERT_TRUE(server.read_until([](const std::string& out, const std::string&) {
    return out.find("/ (Ctrl-C") != std::string::npos;
  }, kDeadline)) << server.err();
  const std::size_t colon = server.out().find("127.0.0.1:") + 10;
  port_ = std::stoi(server.out().substr(colon));
  const std::string dropped = docno(culture[3]);
  EXPECT_TRUE(served_ids("id:" + dropped).empty());

  // A file written in place (IN_CLOSE_WRITE), and one written elsewhere and moved in, as a download
  // or an atomic save is (IN_MOVED_TO; its hidden temporary name is not read).
  fs::copy_file(culture[3], archive() / "culture" / culture[3].filename());
  fs::copy_file(culture[4], archive() / "culture" / ".partial.txt");
  fs::rename(archive() / "culture" / ".partial.txt", archive() / "culture" / culture[4].filename());
  wait_for([&](Searcher& s) { return has(dropped)(s) && has(docno(culture[4]))(s); }, "dropped");
  EXPECT_EQ(searcher_->document_count(), 5u);
  EXPECT_EQ(served_ids("id:" + dropped), std::vector<std::string>{dropped});

  // A changed file: its article is replaced (the title edited).
  const fs::path changed = archive() / "culture" / culture[0].filename();
  std::string text = test::slurp(changed);
  const std::size_t title = text.find("<TITLE>") + 7;
  text.insert(title, "تحديث ");
  test::write_file(changed, text);
  const std::string changed_id = docno(culture[0]);
  wait_for([&](Searcher& s) { return s.article(changed_id)->title.starts_with("تحديث "); }, "changed");
  EXPECT_EQ(searcher_->document_count(), 5u);

  // A deleted file loses its article.
  fs::remove(archive() / "culture" / culture[1].filename());
  wait_for(lacks(docno(culture[1])), "deleted");
  EXPECT_EQ(searcher_->document_count(), 4u);

  // A new folder is watched, and a file renamed into it is found at its new path.
  fs::create_directories(archive() / "new" / "deeper");
  const std::string moved_id = docno(culture[2]);
  const fs::path moved_to = archive() / "new" / "deeper" / "moved.txt";
  // The folder's watch is set when its event is read: wait for it, by a file the walk or the watch
  // of the new folder finds.
  fs::copy_file(sport[0], archive() / "new" / "deeper" / sport[0].filename());
  wait_for(has(docno(sport[0])), "found in a new folder");
  fs::rename(archive() / "culture" / culture[2].filename(), moved_to);
  wait_for([&](Searcher& s) {
    const std::optional<Article> a = s.article(moved_id);
    return a && a->path == moved_to.string();
  }, "moved");
  EXPECT_EQ(searcher_->document_count(), 5u);
  // A folder moved out of the archive takes its articles with it.
  fs::rename(archive() / "new", dir_ / "away");
  wait_for(lacks(moved_id), "moved out");
  EXPECT_EQ(searcher_->document_count(), 3u);

  // A burst: a whole category copied at once is absorbed in a few commits, not one per file.
  const std::size_t batches_before = count_of(indexer_->err(), "indexed: ");
  fs::copy(test::corpus_dir() / "ant-v1.1" / "sport", archive() / "sport");
  const std::uint64_t expected = 3 + sport.size();
  wait_for([&](Searcher& s) { return s.document_count() == expected; }, "burst");
  const std::size_t batches = count_of(indexer_->err(), "indexed: ") - batches_before;
  EXPECT_LT(batches, sport.size() / 4) << indexer_->err();
  EXPECT_EQ(served_ids("id:" + docno(sport.back())), std::vector<std::string>{docno(sport.back())});

  // SIGTERM: a clean stop, exit 0; the database is intact and as the folder is (a run finds nothing
  // to do).
  indexer_->signal(SIGTERM);
  EXPECT_EQ(indexer_->wait(), 0) << indexer_->err();
  EXPECT_NE(indexer_->err().find("stopped watching"), std::string::npos) << indexer_->err();
  server.signal(SIGTERM);
  EXPECT_EQ(server.wait(), 0);
  const test::RunResult again = test::run_index({"--db", db(), archive().string()});
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.err.find("files: 0 added, 0 updated, " + std::to_string(expected) + " unchanged"),
            std::string::npos) << again.err;
  EXPECT_NE(again.err.find(", 0 removed"), std::string::npos) << again.err;
}

// Each batch commits its articles without the spellings table of name variants (seconds over a
// large archive): the marker is out, and searchers find the spellings themselves, unless the table
// is right already. Once no change has come for a while, and when the watch stops, the table is
// stored, once per batch or burst of batches, and equals a fresh build's.
TEST_F(WatchTest, StoresTheSpellingsTableOnceIdleAndWhenItStops) {
  fs::copy(test::corpus_dir() / "ant-v1.1", archive(), fs::copy_options::recursive);
  test::write_test_articles(archive() / "written", static_cast<int>(schema::kSuggestFloor) - 1);
  const std::string trump_key = schema::prefixed(schema::kSpellingsPrefix, "ترمب");
  int fresh_builds = 0;
  const auto fresh_table = [&] {
    const std::string fresh = (dir_ / ("fresh" + std::to_string(fresh_builds++))).string();
    const test::RunResult run = test::run_index({"--db", fresh, archive().string()});
    EXPECT_EQ(run.exit_code, 0) << run.err;
    return spellings_table(fresh);
  };
  const std::string stored = "fahras-index: stored the spellings of name variants";
  const auto wait_for_stored = [&](std::size_t times) {
    ASSERT_TRUE(indexer_->read_until([&](const std::string&, const std::string& err) {
      return count_of(err, stored) >= times;
    }, kDeadline)) << indexer_->err();
  };

  indexer_.emplace(FAHRAS_INDEX_BIN, std::vector<std::string>{"--watch", "--db", db(), archive().string()});
  ASSERT_TRUE(indexer_->read_until([](const std::string&, const std::string& err) {
    return err.find("fahras-index: watching") != std::string::npos;
  }, kDeadline)) << indexer_->err();
  searcher_.emplace(std::vector<std::string>{db()});
  const std::uint64_t documents = searcher_->document_count();
  ASSERT_GT(documents, 299u);
  // The first run's table, once the watch is idle: ترمب is below the floor.
  wait_for_stored(1);
  std::map<std::string, std::string> table = spellings_table(db());
  EXPECT_EQ(table.at(std::string(schema::kSpellingsKey)), "1");
  EXPECT_EQ(table, fresh_table());
  EXPECT_FALSE(table.contains(trump_key));

  // ترمب crosses the floor in a batch. Right after it the marker is out (unless the watch went idle
  // meanwhile, when the table must be the new one); once idle, the table is the new one.
  test::write_test_articles(archive() / "written", 6);
  wait_for([&](Searcher& s) { return s.document_count() == documents + 2; }, "with 2 more articles");
  table = spellings_table(db());
  const std::map<std::string, std::string> fresh = fresh_table();
  ASSERT_TRUE(fresh.contains(trump_key));
  EXPECT_EQ(schema::decode_word_list(fresh.at(trump_key)), std::vector<std::string>{"ترامب"});
  if (table.contains(std::string(schema::kSpellingsKey))) {
    EXPECT_EQ(table, fresh);
  }
  wait_for_stored(2);
  EXPECT_EQ(spellings_table(db()), fresh);

  // Back below the floor, and stopped at once: the table is stored when the watch stops if it was
  // not when idle, and only once.
  fs::remove(archive() / "written" / "trump4.txt");
  fs::remove(archive() / "written" / "trump5.txt");
  wait_for([&](Searcher& s) { return s.document_count() == documents; }, "with the articles removed");
  indexer_->signal(SIGTERM);
  EXPECT_EQ(indexer_->wait(), 0) << indexer_->err();
  EXPECT_EQ(count_of(indexer_->err(), stored), 3u) << indexer_->err();
  table = spellings_table(db());
  EXPECT_EQ(table, fresh_table());
  EXPECT_FALSE(table.contains(trump_key));
  EXPECT_EQ(table.at(std::string(schema::kSpellingsKey)), "1");
}

}  // namespace
}  // namespace fahras
