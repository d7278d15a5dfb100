// Incremental indexing, crash safety and concurrent searching, on a few thousand real Arabic
// articles: the 299 ANT v1.1 articles of corpus/ copied several times with rewritten DOCNOs, plus
// files that hold many articles. The yardstick throughout is a fresh build of the same tree:
// whatever happened before (changes, kills, interruptions), the database must then hold exactly
// what a fresh build holds, document for document.
#include <gtest/gtest.h>
#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <set>
#include <thread>

#include "fahras/error.h"
#include "fahras/indexer.h"
#include "fahras/reader.h"
#include "fahras/schema.h"
#include "fahras/searcher.h"
#include "compare.h"
#include "test_util.h"

namespace fahras {
namespace {

namespace fs = std::filesystem;
using test::TempDir;

constexpr int kCopies = 4;  // 4 x 299 articles, plus the bundles
constexpr int kBundleArticles[] = {20, 10};

// The corpus articles, in sorted order: {category/name, content}.
const std::vector<std::pair<std::string, std::string>>& corpus_articles() {
  static const auto* articles = [] {
    auto* out = new std::vector<std::pair<std::string, std::string>>;
    const fs::path root = test::corpus_dir() / "ant-v1.1";
    for (const fs::directory_entry& e : fs::recursive_directory_iterator(root)) {
      if (e.is_regular_file())
        out->emplace_back(fs::relative(e.path(), root).string(), test::slurp(e.path()));
    }
    std::sort(out->begin(), out->end());
    return out;
  }();
  return *articles;
}

// `sgml` with its DOCNO replaced by `docno(old DOCNO)`. (No std::regex: GCC 12 reports false
// -Wmaybe-uninitialized in it under -fsanitize=address.)
template <typename F>
std::string with_docno(std::string sgml, F docno) {
  const std::size_t start = sgml.find("<DOCNO>") + 7, end = sgml.find("</DOCNO>");
  EXPECT_NE(end, std::string::npos);
  return sgml.replace(start, end - start, docno(sgml.substr(start, end - start)));
}

// `sgml` with its DOCNO followed by `suffix`.
std::string renamed(const std::string& sgml, const std::string& suffix) {
  return with_docno(sgml, [&](const std::string& old) { return old + suffix; });
}

// One file holding `count` articles from `first` on, their DOCNOs suffixed with `suffix`.
std::string bundle(std::size_t first, std::size_t count, const std::string& suffix) {
  std::string out;
  for (std::size_t i = first; i < first + count; ++i)
    out += renamed(corpus_articles()[i].second, suffix) + "\n";
  return out;
}

// Sets every file's mtime an hour back, as for files that have been there a while (so that no
// state records a "too recent" mtime and the counts below are exact).
void age(const fs::path& root) {
  const auto old = fs::file_time_type::clock::now() - std::chrono::hours(1);
  for (const fs::directory_entry& e : fs::recursive_directory_iterator(root)) {
    if (e.is_regular_file()) fs::last_write_time(e.path(), old);
  }
}

// "c" + 3 (spelt so that GCC 12 at -O3 sees no -Wrestrict in it, bug 105329).
std::string numbered(std::string_view stem, int n) {
  return schema::prefixed(stem, std::to_string(n));
}

// The tree: c0 ... c3/<category>/<name> and bundles/b0.sgml (20 articles), b1.sgml (10).
void make_tree(const fs::path& root) {
  const auto& articles = corpus_articles();
  for (int c = 0; c < kCopies; ++c) {
    for (const auto& [name, content] : articles) {
      test::write_file(root / numbered("c", c) / name, renamed(content, numbered("-c", c)));
    }
  }
  std::size_t first = 0;
  for (int b = 0; b < 2; ++b) {
    test::write_file(root / "bundles" / (numbered("b", b) + ".sgml"),
                     bundle(first, kBundleArticles[b], numbered("-b", b)));
    first += kBundleArticles[b];
  }
  age(root);
}

std::size_t tree_articles() { return kCopies * corpus_articles().size() + 30; }

using test::Fingerprint;

// The database's fingerprint, with the tree's own path written "<tree>" so that builds of copies of
// the tree compare equal.
Fingerprint fingerprint(const fs::path& db_path, const fs::path& tree) {
  return test::fingerprint(Xapian::Database(db_path.string()),
                           {{fs::canonical(tree).string(), "<tree>"}, {tree.string(), "<tree>"}});
}

// "" when the two are equal, else which ids differ.
std::string difference(const Fingerprint& got, const Fingerprint& want) {
  std::string out;
  int shown = 0;
  for (const auto& [id, f] : want) {
    auto it = got.find(id);
    if (it == got.end() || it->second != f) {
      if (shown++ < 5) out += (it == got.end() ? " missing " : " differs ") + id;
    }
  }
  for (const auto& [id, f] : got) {
    if (!want.count(id) && shown++ < 10) out += " extra " + id;
  }
  if (!out.empty())
    out = std::to_string(got.size()) + " articles, want " + std::to_string(want.size()) + ":" + out;
  return out;
}

// The crash-safety invariant, "" when it holds: every recorded file has all its articles, every
// article belongs to a recorded file, and no id is indexed twice.
std::string inconsistency(const fs::path& db_path) {
  Xapian::Database db(db_path.string());
  const std::string prefix(schema::kFileStatePrefix);
  std::uint64_t recorded = 0;
  for (auto k = db.metadata_keys_begin(prefix); k != db.metadata_keys_end(prefix); ++k) {
    const std::optional<schema::FileState> state = schema::decode_file_state(db.get_metadata(*k));
    if (!state) return "undecodable file state " + *k;
    const Xapian::doccount articles = db.get_termfreq(schema::file_term(state->path));
    if (articles != state->articles) {
      return state->path + " has " + std::to_string(articles) + " articles, its state says " +
             std::to_string(state->articles);
    }
    recorded += articles;
  }
  if (recorded != db.get_doccount()) {
    return std::to_string(db.get_doccount() - recorded) + " articles of files without a state";
  }
  const std::string q(schema::kIdPrefix);
  for (auto t = db.allterms_begin(q); t != db.allterms_end(q); ++t) {
    if (t.get_termfreq() != 1)
      return *t + " indexed " + std::to_string(t.get_termfreq()) + " times";
  }
  return "";
}

IndexSummary index(const fs::path& db, const std::vector<fs::path>& paths,
                   IndexOptions options = {}) {
  Indexer indexer(db, options);
  IndexListener quiet;
  indexer.add_paths(paths, quiet);
  indexer.commit();
  return indexer.summary();
}

// Each test gets its own copy of the tree (they change it). A fresh build of the tree as made is
// the reference, made on first use.
class IncrementalTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    shared_ = new TempDir;
    make_tree(shared_->path() / "tree");
  }
  static void TearDownTestSuite() {
    delete clean_;
    clean_ = nullptr;
    delete shared_;
    shared_ = nullptr;
  }
  static const Fingerprint& clean() {
    if (!clean_) {
      const IndexSummary s = index(shared_->path() / "clean", {shared_->path() / "tree"});
      EXPECT_EQ(s.articles, tree_articles());
      clean_ = new Fingerprint(fingerprint(shared_->path() / "clean", shared_->path() / "tree"));
    }
    return *clean_;
  }

  void SetUp() override {
    fs::copy(shared_->path() / "tree", tree(), fs::copy_options::recursive);
    age(tree());
  }
  fs::path tree() const { return dir_ / "tree"; }
  fs::path db() const { return dir_ / "db"; }
  Fingerprint fresh_build() const {
    const fs::path path = dir_ / "fresh";
    fs::remove_all(path);
    index(path, {tree()});
    return fingerprint(path, tree());
  }
  Fingerprint current() const { return fingerprint(db(), tree()); }

  static TempDir* shared_;
  static Fingerprint* clean_;
  TempDir dir_;
};

TempDir* IncrementalTest::shared_ = nullptr;
Fingerprint* IncrementalTest::clean_ = nullptr;

TEST_F(IncrementalTest, SecondRunReadsNothingAndRebuildStartsOver) {
  const std::size_t files = kCopies * corpus_articles().size() + 2;
  const IndexSummary first = index(db(), {tree()});
  EXPECT_EQ(first.files_added, files);
  EXPECT_EQ(first.articles, tree_articles());
  const Fingerprint built = current();

  const IndexSummary second = index(db(), {tree()});
  EXPECT_EQ(second.files_added + second.files_updated + second.files_removed + second.files_touched,
            0u);
  EXPECT_EQ(second.files_unchanged, files);
  EXPECT_EQ(second.articles, 0u);
  EXPECT_EQ(difference(current(), built), "");

  IndexOptions rebuild;
  rebuild.rebuild = true;
  const IndexSummary third = index(db(), {tree() / "c0"}, rebuild);
  EXPECT_EQ(third.files_added, corpus_articles().size());
  EXPECT_EQ(third.documents, corpus_articles().size()) << "--rebuild keeps nothing of before";
  EXPECT_FALSE(fs::exists(dir_ / "db.new"));
}

// Document ids in order: docid -> article id.
std::map<Xapian::docid, std::string> document_ids(const fs::path& db_path) {
  Xapian::Database db(db_path.string());
  std::map<Xapian::docid, std::string> out;
  for (auto d = db.postlist_begin(""); d != db.postlist_end(""); ++d) {
    out[*d] = schema::decode_article(db.get_document(*d).get_data()).id;
  }
  return out;
}

TEST_F(IncrementalTest, AnyNumberOfThreadsGivesTheSameDatabaseDocumentIdsIncluded) {
  IndexOptions one;
  one.threads = 1;
  index(dir_ / "t1", {tree()}, one);
  const std::map<Xapian::docid, std::string> want = document_ids(dir_ / "t1");
  ASSERT_EQ(want.size(), tree_articles());
  EXPECT_EQ(difference(fingerprint(dir_ / "t1", tree()), clean()), "");
  // The smallest queue and flush threshold, and the default ones with more threads than cores.
  for (const auto& [threads, memory_mb] : {std::pair{2u, std::size_t{1}}, {5u, std::size_t{64}}}) {
    IndexOptions options;
    options.threads = threads;
    options.memory_mb = memory_mb;
    const fs::path path = dir_ / ("t" + std::to_string(threads));
    index(path, {tree()}, options);
    EXPECT_EQ(difference(fingerprint(path, tree()), clean()), "") << threads << " threads";
    EXPECT_TRUE(document_ids(path) == want) << threads << " threads: other document ids";
  }
}

TEST_F(IncrementalTest, RebuildIsCompactedAndStaysWritable) {
  auto bytes = [](const fs::path& dir) {
    std::uintmax_t n = 0;
    for (const auto& entry : fs::directory_iterator(dir)) n += entry.file_size();
    return n;
  };
  IndexOptions options;
  options.rebuild = true;
  options.compact = false;
  index(dir_ / "loose", {tree()}, options);
  options.compact = true;
  index(db(), {tree()}, options);
  EXPECT_LT(bytes(db()), bytes(dir_ / "loose") * 3 / 4);
  EXPECT_EQ(difference(current(), clean()), "");
  EXPECT_FALSE(fs::exists(dir_ / "db.new"));
  EXPECT_FALSE(fs::exists(dir_ / "db.new.new"));

  // An incremental run writes into the compacted database.
  fs::remove(tree() / "c0" / corpus_articles().front().first);
  const IndexSummary next = index(db(), {tree()});
  EXPECT_EQ(next.files_removed, 1u);
  EXPECT_EQ(Searcher({db().string()}).document_count(), tree_articles() - 1);
  EXPECT_EQ(inconsistency(db()), "");
}

TEST_F(IncrementalTest, TouchModifyDeleteAddAndShrinkGiveWhatAFreshBuildGives) {
  index(db(), {tree()});
  const auto& articles = corpus_articles();
  const auto later = fs::file_time_type::clock::now() - std::chrono::minutes(10);
  // Touched: same bytes, newer mtime. Not indexed again.
  for (int i = 0; i < 5; ++i) fs::last_write_time(tree() / "c1" / articles[i * 7].first, later);
  // Modified: c2's copy of article 3 now tells the story of article 250 (same DOCNO).
  const std::string modified_id = fs::path(articles[3].first).stem().string() + "-c2";
  test::write_file(
      tree() / "c2" / articles[3].first,
      with_docno(articles[250].second, [&](const std::string&) { return modified_id; }));
  // Deleted: two files and a whole folder.
  fs::remove(tree() / "c2" / articles[0].first);
  fs::remove(tree() / "c2" / articles[1].first);
  const std::string folder = fs::path(articles[0].first).parent_path().string();  // culture
  std::size_t folder_files = 0;
  for (const auto& a : articles) folder_files += fs::path(a.first).parent_path() == folder;
  fs::remove_all(tree() / "c3" / folder);
  // Added: two new files with new DOCNOs.
  test::write_file(tree() / "new" / "n0.txt", renamed(articles[10].second, "-n0"));
  test::write_file(tree() / "new" / "n1.txt", renamed(articles[11].second, "-n1"));
  // Fewer articles in a file: b0 keeps 12 of its 20; more in another: b1 goes from 10 to 15.
  test::write_file(tree() / "bundles" / "b0.sgml", bundle(0, 12, "-b0"));
  test::write_file(tree() / "bundles" / "b1.sgml", bundle(20, 15, "-b1"));
  // Emptied: a file that now gives no article loses the one it had.
  test::write_file(tree() / "c0" / articles[5].first, "");

  const IndexSummary s = index(db(), {tree()});
  EXPECT_EQ(s.files_added, 2u);
  EXPECT_EQ(s.files_updated, 4u);  // the modified file, two bundles, the emptied file
  EXPECT_EQ(s.files_touched, 5u);
  EXPECT_EQ(s.files_removed, 2 + folder_files);
  EXPECT_EQ(s.files_unchanged, kCopies * articles.size() + 2 - 4 - 2 - folder_files);
  EXPECT_EQ(s.articles, 2u + 1 + 12 + 15);
  EXPECT_EQ(s.articles_removed, 2 + folder_files + 8 + 1);
  EXPECT_EQ(s.files_skipped, 1u);  // the empty file, reported

  const Fingerprint got = current();
  EXPECT_EQ(difference(got, fresh_build()), "");
  EXPECT_EQ(inconsistency(db()), "");
  EXPECT_FALSE(got.count(fs::path(articles[12].first).stem().string() + "-b0"))
      << "dropped from b0";
  EXPECT_TRUE(got.count(fs::path(articles[34].first).stem().string() + "-b1")) << "added to b1";

  // The modified article is found by its new title, no longer by its old one.
  const Searcher searcher({db().string()});
  const auto title_finds_it = [&](std::size_t article) {
    SearchOptions every;
    every.default_operator = DefaultOperator::kAnd;
    every.syntax = QuerySyntax::kPlain;
    every.limit = 100;
    const std::string title =
        parse_content(articles[article].second, Format::kSgml, "x").articles.at(0).title;
    const SearchResults r = searcher.search(title, every);
    EXPECT_FALSE(r.hits.empty()) << title;
    return std::any_of(r.hits.begin(), r.hits.end(),
                       [&](const Hit& h) { return h.id == modified_id; });
  };
  EXPECT_TRUE(title_finds_it(250));
  EXPECT_FALSE(title_finds_it(3));

  // A third run has nothing to do.
  const test::RunResult r = test::run_index({"--db", db().string(), tree().string()});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("files: 0 added, 0 updated, " +
                       std::to_string(s.files_unchanged + s.files_updated + s.files_added) +
                       " unchanged"),
            std::string::npos)
      << r.err;
}

TEST_F(IncrementalTest, OnlyFilesUnderThePathsGivenAreRemoved) {
  index(db(), {tree() / "c0"});
  index(db(), {tree() / "c1"});
  const auto& articles = corpus_articles();
  fs::remove(tree() / "c0" / articles[0].first);
  const IndexSummary other = index(db(), {tree() / "c1"});
  EXPECT_EQ(other.files_removed, 0u);
  EXPECT_EQ(other.documents, 2 * articles.size()) << "c0's articles are left alone";
  // Nor does a PATH that is missing lose its articles: it may be a volume that is not mounted.
  fs::rename(tree() / "c1", dir_ / "c1-away");
  const test::RunResult missing =
      test::run_index({"--db", db().string(), (tree() / "c1").string()});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.err.find("no such file or folder"), std::string::npos) << missing.err;
  EXPECT_EQ(Searcher({db().string()}).document_count(), 2 * articles.size());

  const IndexSummary own = index(db(), {tree() / "c0"});
  EXPECT_EQ(own.files_removed, 1u);
  EXPECT_EQ(own.articles_removed, 1u);
  EXPECT_EQ(own.documents, 2 * articles.size() - 1);
  EXPECT_EQ(inconsistency(db()), "");
}

TEST_F(IncrementalTest, FilesAreKnownByTheirCanonicalPathFromAnyWorkingDirectory) {
  // As given on the command line, from the tree's folder...
  const test::RunResult first = test::run_index({"--db", db().string(), "tree/c0"}, dir_.path());
  ASSERT_EQ(first.exit_code, 0) << first.err;
  // ... then from cron, elsewhere, by an absolute path and through a symbolic link.
  fs::create_symlink(tree(), dir_ / "link");
  for (const fs::path& path : {tree() / "c0", dir_ / "link" / "c0" / ".." / "c0"}) {
    const test::RunResult again = test::run_index({"--db", db().string(), path.string()}, "/");
    EXPECT_EQ(again.exit_code, 0) << again.err;
    EXPECT_NE(again.err.find("files: 0 added, 0 updated, 299 unchanged"), std::string::npos)
        << again.err;
  }
  // Paths are shown as they were given.
  SearchOptions one;
  one.limit = 1;
  const SearchResults r = Searcher({db().string()}).search("الانتخابات", one);
  ASSERT_EQ(r.hits.size(), 1u);
  EXPECT_TRUE(r.hits[0].path.starts_with("tree/c0/")) << r.hits[0].path;
}

TEST_F(IncrementalTest, DatabaseOfAnotherSchemaNeedsRebuild) {
  index(db(), {tree() / "c0"});
  {
    Xapian::WritableDatabase w(db().string());
    w.set_metadata(std::string(schema::kSchemaKey), "1");
    w.commit();
  }
  const test::RunResult r = test::run_index({"--db", db().string(), (tree() / "c0").string()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("schema version 1"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("--rebuild"), std::string::npos) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << "one-line error";
  EXPECT_EQ(
      test::run_index({"--db", db().string(), "--rebuild", (tree() / "c0").string()}).exit_code, 0);
  // --rebuild never replaces a folder that is not a database.
  test::write_file(dir_ / "notes" / "todo.txt", "keep me");
  const test::RunResult notes =
      test::run_index({"--db", (dir_ / "notes").string(), "--rebuild", (tree() / "c0").string()});
  EXPECT_EQ(notes.exit_code, 2);
  EXPECT_NE(notes.err.find("not a Xapian database"), std::string::npos) << notes.err;
  EXPECT_TRUE(fs::exists(dir_ / "notes" / "todo.txt"));
}

// The number of documents committed at `db`, or 0 while it cannot be read: not made yet, or opened
// in the middle of a commit (DatabaseModifiedError, or DatabaseCorruptError, see searcher.cpp).
std::uint64_t committed(const fs::path& db) {
  try {
    return Xapian::Database(db.string()).get_doccount();
  } catch (const Xapian::DatabaseError&) {
    return 0;
  }
}

// fahras-index with `args`, which stops itself at `stop_at` ("commit:2": right after its second
// commit; indexer/stop_points.h), whatever the machine's load.
test::Child stopping_index(const std::vector<std::string>& args, const std::string& stop_at) {
  return test::Child(FAHRAS_INDEX_BIN, args, {}, {"FAHRAS_INDEX_STOP_AT=" + stop_at});
}

// Waits for `child` to stop at its stop point and sends it `sig` there (then lets it go on, to
// handle a signal it can catch). Returns false if the run ended before reaching the point.
bool signal_at_stop(test::Child& child, int sig) {
  if (!child.wait_stopped()) return false;
  child.signal(sig);
  if (sig != SIGKILL) child.resume();
  return true;
}

// Checks what a killed run left: a database that opens, searches and is consistent (or none yet).
void expect_usable(const fs::path& db, const std::string& when) {
  if (!fs::exists(db)) return;
  EXPECT_EQ(inconsistency(db), "") << when;
  const Searcher searcher({db.string()});
  EXPECT_NO_THROW(searcher.search("الانتخابات البلدية", {})) << when;
}

TEST_F(IncrementalTest, KilledAtAnyMomentTheNextRunFinishesTheJob) {
  // Each run goes on from where the one before was killed: right after making the database, right
  // after a commit, and in the middle of batches (commits every 100 documents; the first files of
  // each run are those committed before, unchanged).
  int killed = 0;
  for (const char* stop : {"open:1", "commit:1", "file:150", "commit:2", "file:400"}) {
    test::Child child = stopping_index({"--db", db().string(), "--batch-size", "100", tree().string()}, stop);
    killed += signal_at_stop(child, SIGKILL);
    child.wait();
    expect_usable(db(), std::string("killed at ") + stop);
  }
  EXPECT_EQ(killed, 5) << "the runs ended before they reached their stop point";
  const test::RunResult rest = test::run_index({"--db", db().string(), tree().string()});
  EXPECT_EQ(rest.exit_code, 0) << rest.err;
  EXPECT_EQ(difference(current(), clean()), "");

  // The same while updating and removing: b0 keeps 5 of its 20 articles, c3 is gone. The first
  // run is killed once b0's update is committed (b0 is the first file of the walk), the second
  // amid the removals (its first commit: every other file is unchanged).
  fs::remove_all(tree() / "c3");
  test::write_file(tree() / "bundles" / "b0.sgml", bundle(0, 5, "-b0"));
  Fingerprint want = clean();
  std::erase_if(want, [](const auto& entry) {
    const std::string& id = entry.first;
    static const std::set<std::string> kept_b0 = [] {
      std::set<std::string> ids;
      for (std::size_t i = 0; i < 5; ++i)
        ids.insert(fs::path(corpus_articles()[i].first).stem().string() + "-b0");
      return ids;
    }();
    return id.ends_with("-c3") || (id.ends_with("-b0") && !kept_b0.count(id));
  });
  for (int run = 0; run < 2; ++run) {
    const std::uint64_t start = committed(db());
    test::Child child =
        stopping_index({"--db", db().string(), "--batch-size", "20", tree().string()}, "commit:1");
    ASSERT_TRUE(child.wait_stopped()) << "run " << run << " ended before its first commit";
    EXPECT_LT(committed(db()), start) << "run " << run << ": articles removed by the first commit";
    child.signal(SIGKILL);
    child.wait();
    expect_usable(db(), "update killed");
  }
  EXPECT_EQ(test::run_index({"--db", db().string(), tree().string()}).exit_code, 0);
  EXPECT_EQ(difference(current(), want), "");

  // And a --rebuild killed midway leaves the old database in place.
  test::Child rebuild = stopping_index(
      {"--db", db().string(), "--rebuild", "--batch-size", "100", tree().string()}, "commit:1");
  const fs::path staging = dir_ / "db.new";
  ASSERT_TRUE(rebuild.wait_stopped());
  EXPECT_GT(committed(staging), 0u);
  rebuild.signal(SIGKILL);
  rebuild.wait();
  expect_usable(db(), "rebuild killed");
  EXPECT_EQ(difference(current(), want), "");
}

TEST_F(IncrementalTest, InterruptStopsAfterTheCurrentFileCommitsAndExits130) {
  std::uint64_t before = 0;
  for (int sig : {SIGINT, SIGTERM}) {  // the second run goes on from where the first stopped
    // Interrupted right after its first commit, which adds documents to those of the run before.
    test::Child child =
        stopping_index({"--db", db().string(), "--batch-size", "20", tree().string()}, "commit:1");
    ASSERT_TRUE(signal_at_stop(child, sig)) << "ended before the signal";
    const test::RunResult r = child.wait();
    EXPECT_EQ(r.exit_code, 130) << r.err;
    EXPECT_NE(r.err.find("interrupted"), std::string::npos) << r.err;
    EXPECT_EQ(inconsistency(db()), "");
    const std::uint64_t kept = Searcher({db().string()}).document_count();
    EXPECT_GT(kept, before) << "what was read is committed";
    EXPECT_LT(kept, tree_articles());
    before = kept;
  }
  const test::RunResult rest = test::run_index({"--db", db().string(), tree().string()});
  EXPECT_EQ(rest.exit_code, 0) << rest.err;
  EXPECT_EQ(difference(current(), clean()), "");
}

TEST_F(IncrementalTest, SearchingWhileTheIndexerCommitsNeverFails) {
  ASSERT_EQ(test::run_index({"--db", db().string(), (tree() / "c0").string()}).exit_code, 0);
  // Searches run all along; the indexer also stops right after five of its commits (of about 180),
  // and searches there see five sizes of the index, whatever the machine's load.
  test::Child indexer = stopping_index({"--db", db().string(), "--batch-size", "5",
                                        (tree() / "c1").string(), (tree() / "c2").string(),
                                        (tree() / "c3").string()},
                                       "commit:1,commit:10,commit:40,commit:80,commit:120");
  std::vector<std::string> errors;
  std::set<std::uint64_t> sizes_seen;
  int searches = 0, binary_runs = 0, stops = 0;
  SearchOptions options;
  options.limit = 20;
  options.collapse = true;
  for (;;) {
    const test::Child::State state = indexer.state();
    if (state == test::Child::State::kExited) break;
    std::string stage = "open";
    try {
      const Searcher searcher({db().string()});
      stage = "search";
      if (state == test::Child::State::kStopped) sizes_seen.insert(searcher.document_count());
      for (const char* query : {"الانتخابات البلدية", "\"وزارة الشؤون\"", "title:تونس -الرياضة"}) {
        const SearchResults r = searcher.search(query, options);
        if (r.hits.empty()) errors.push_back(std::string("no result for ") + query);
        ++searches;
      }
    } catch (const Error& e) {
      errors.push_back(e.what());
    } catch (const Xapian::Error& e) {
      errors.push_back(stage + ": " + e.get_description());
    }
    if (state == test::Child::State::kStopped || searches % 15 == 0) {
      const test::RunResult r =
          test::run_search({"--db", db().string(), "--limit", "50", "الانتخابات"});
      if (r.exit_code != 0) errors.push_back("fahras-search: " + r.err);
      ++binary_runs;
    }
    if (state == test::Child::State::kStopped) {
      ++stops;
      indexer.resume();
    }
  }
  const test::RunResult r = indexer.wait();
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(errors.empty()) << errors.size()
                              << " errors, the first: " << (errors.empty() ? "" : errors.front());
  EXPECT_EQ(stops, 5);
  EXPECT_GT(searches, 10);
  EXPECT_GT(binary_runs, 0);
  EXPECT_GE(sizes_seen.size(), 3u) << "searches saw the index grow";
}

// Two files that hold the same article id (issue 12): the later file in sorted order keeps it,
// whatever was read first, and every run leaves what a fresh build of the same files gives: a
// winner changed or deleted gives the id back to the loser, a loser changed or deleted takes nothing
// from the winner. Over one database and over shards.
class SameIdTest : public ::testing::TestWithParam<std::uint32_t> {
 protected:
  // Files: early/a.sgml holds article 40 as "dup-1" and article 41; late/z.sgml holds article 60 as
  // "dup-1" and 61 as "dup-2"; early/b.sgml holds article 70 as "dup-2"; and 20 other articles.
  void SetUp() override {
    const auto& articles = corpus_articles();
    const auto as = [&](std::size_t i, const std::string& id) {
      return with_docno(articles[i].second, [&](const std::string&) { return id; }) + "\n";
    };
    write("early/a.sgml", as(40, "dup-1") + renamed(articles[41].second, "-a"));
    write("early/b.sgml", as(70, "dup-2"));
    write("late/z.sgml", as(60, "dup-1") + as(61, "dup-2"));
    for (std::size_t i = 0; i < 20; ++i) write("other/" + numbered("o", static_cast<int>(i)) + ".sgml", articles[i].second);
  }
  void write(const std::string& name, const std::string& content) {
    test::write_file(tree() / name, content);
    age(tree());
  }
  fs::path tree() const { return dir_.path() / "tree"; }
  fs::path db() const { return dir_.path() / "db"; }
  IndexOptions options() const {
    IndexOptions o;
    o.shards = GetParam();
    return o;
  }
  // Indexes the tree into db(), returning the warnings.
  std::vector<std::string> run() {
    struct Listener : IndexListener {
      std::vector<std::string> warnings;
      void on_problem(std::string_view path, std::string_view message, bool skipped) override {
        if (!skipped) warnings.push_back(std::string(path) + ": " + std::string(message));
      }
    } listener;
    Indexer indexer(db(), options());
    indexer.add_paths({tree()}, listener);
    indexer.commit();
    return listener.warnings;
  }
  Fingerprint fresh() {
    const fs::path path = dir_.path() / "fresh";
    fs::remove_all(path);
    Indexer indexer(path, options());
    IndexListener quiet;
    indexer.add_paths({tree()}, quiet);
    indexer.commit();
    return fingerprint(path, tree());
  }
  // The title of the article indexed as `id`.
  std::string title(const std::string& id) {
    Xapian::Database d(db().string());
    Xapian::PostingIterator p = d.postlist_begin(schema::unique_id_term(id));
    return p == d.postlist_end(schema::unique_id_term(id))
               ? "(none)"
               : schema::decode_article(d.get_document(*p).get_data()).title;
  }
  std::string title_of(std::size_t article) const {
    return parse_content(corpus_articles()[article].second, Format::kSgml, "x").articles.at(0).title;
  }
  void expect_fresh(const std::string& when) {
    EXPECT_EQ(difference(fingerprint(db(), tree()), fresh()), "") << when;
  }
  TempDir dir_;
};

TEST_P(SameIdTest, TheLaterFileWinsAndEveryRunEqualsAFreshBuild) {
  // The earlier file alone, then the later one added: it takes both ids, with a warning per id
  // naming both files.
  fs::rename(tree() / "late", dir_.path() / "late-aside");
  run();
  EXPECT_EQ(title("dup-1"), title_of(40));
  fs::rename(dir_.path() / "late-aside", tree() / "late");
  const std::vector<std::string> warnings = run();
  ASSERT_EQ(warnings.size(), 2u);
  EXPECT_NE(warnings[0].find((tree() / "late" / "z.sgml").string()), std::string::npos) << warnings[0];
  EXPECT_NE(warnings[0].find("'dup-1' is also in " + (tree() / "early" / "a.sgml").string()),
            std::string::npos)
      << warnings[0];
  EXPECT_NE(warnings[1].find("'dup-2' is also in " + (tree() / "early" / "b.sgml").string()),
            std::string::npos)
      << warnings[1];
  EXPECT_EQ(title("dup-1"), title_of(60));
  EXPECT_EQ(title("dup-2"), title_of(61));
  expect_fresh("later file added");

  // The loser changed (still holding dup-1, with another text): the winner keeps it.
  write("early/a.sgml", with_docno(corpus_articles()[42].second, [](const std::string&) {
          return std::string("dup-1");
        }));
  run();
  EXPECT_EQ(title("dup-1"), title_of(60));
  expect_fresh("loser changed");

  // The winner no longer holds dup-1: the loser's article comes back, read again.
  write("late/z.sgml", renamed(corpus_articles()[60].second, "-z") +
                           with_docno(corpus_articles()[61].second,
                                      [](const std::string&) { return std::string("dup-2"); }));
  run();
  EXPECT_EQ(title("dup-1"), title_of(42));
  EXPECT_EQ(title("dup-2"), title_of(61));
  expect_fresh("winner changed");

  // The winner deleted: dup-2 goes back to early/b.sgml.
  fs::remove(tree() / "late" / "z.sgml");
  run();
  EXPECT_EQ(title("dup-2"), title_of(70));
  expect_fresh("winner deleted");

  // A later file again, then the loser deleted: nothing of the winner goes.
  write("late/z.sgml", with_docno(corpus_articles()[62].second,
                                  [](const std::string&) { return std::string("dup-2"); }));
  run();
  EXPECT_EQ(title("dup-2"), title_of(62));
  fs::remove(tree() / "early" / "b.sgml");
  run();
  EXPECT_EQ(title("dup-2"), title_of(62));
  expect_fresh("loser deleted");

  // And a run with nothing to do changes nothing and warns of nothing.
  const Fingerprint before = fingerprint(db(), tree());
  EXPECT_TRUE(run().empty());
  EXPECT_EQ(difference(fingerprint(db(), tree()), before), "");
}

INSTANTIATE_TEST_SUITE_P(OneDatabaseAndShards, SameIdTest, ::testing::Values(1u, 3u),
                         [](const auto& p) { return "shards" + std::to_string(p.param); });

}  // namespace
}  // namespace fahras
