// Tests for the Indexer's folder walk (indexer/walk.cpp) over real archives' trouble: symbolic
// links (followed, loops cut), unreadable files and folders, files that vanish while the walk runs,
// and the new formats met in folders.
#include "fahras/indexer.h"

#include <fcntl.h>
#include <grp.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>
#include <xapian.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "fahras/schema.h"
#include "test_util.h"

namespace fahras {
namespace {

namespace fs = std::filesystem;

std::string fixture(const std::string& name) { return std::string(FAHRAS_SOURCE_DIR) + "/" + name; }

struct Problem {
  std::string path;
  std::string message;
  bool skipped;
  bool operator==(const Problem&) const = default;
};

void PrintTo(const Problem& p, std::ostream* os) {
  *os << (p.skipped ? "skipped " : "warning ") << p.path << ": " << p.message;
}

class Recorder : public IndexListener {
 public:
  void on_problem(std::string_view path, std::string_view message, bool skipped) override {
    problems.push_back({std::string(path), std::string(message), skipped});
  }
  void on_file_done(const IndexSummary& running) override {
    if (after_file) after_file(running);
  }
  std::vector<Problem> problems;
  std::function<void(const IndexSummary&)> after_file;
};

IndexOptions options() {
  IndexOptions o;
  o.batch_size = 10;
  return o;
}

// An archivist's tree: year folders that are links into another disk, a link back to the top, two
// links to one folder.
TEST(IndexerWalkTest, FollowsFolderLinksOnceAndCutsLoops) {
  test::TempDir dir;
  const fs::path root = dir / "archive";
  fs::create_directories(root / "2016");
  fs::copy_file(fixture("corpus/ant-v1.1/culture/JA-culture-10-20161210.txt"), root / "2016" / "a.txt");
  fs::create_directories(dir / "disk2" / "2017");
  fs::copy_file(fixture("corpus/ant-v1.1/culture/JA-culture-100-20170429.txt"), dir / "disk2" / "2017" / "b.txt");
  fs::create_directory_symlink("../disk2/2017", root / "2017");
  fs::create_directory_symlink("2016", root / "latest");
  fs::create_directory_symlink("..", root / "2016" / "up");

  Recorder recorder;
  Indexer indexer(dir / "db", options());
  indexer.add_paths({root}, recorder);
  indexer.commit();
  const IndexSummary& s = indexer.summary();
  EXPECT_EQ(s.articles, 2u);
  EXPECT_EQ(s.files, 2u);
  EXPECT_EQ(s.files_skipped, 0u);
  EXPECT_EQ(s.documents, 2u);
  EXPECT_EQ(s.warnings, 2u);
  const std::vector<Problem> expected = {
      {(root / "2016" / "up").string(), "symbolic link loop back to " + root.string() + ", not read again", false},
      {(root / "latest").string(), "same folder as " + (root / "2016").string() + ", not read again", false},
  };
  EXPECT_EQ(recorder.problems, expected);

  // What a user sees: one line each, and exit code 0, since nothing was lost.
  const test::RunResult r = test::run_index({"--db", (dir / "db2").string(), root.string()});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("fahras-index: warning: " + (root / "2016" / "up").string() +
                       ": symbolic link loop back to " + root.string() + ", not read again\n"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("2 articles from 2 files"), std::string::npos) << r.err;
}

TEST(IndexerWalkTest, BrokenLinksAreSkipped) {
  test::TempDir dir;
  const fs::path root = dir / "archive";
  fs::create_directories(root);
  fs::copy_file(fixture("corpus/ant-v1.1/culture/JA-culture-10-20161210.txt"), root / "a.txt");
  fs::create_symlink("nowhere.txt", root / "gone.txt");
  fs::create_symlink("self.txt", root / "self.txt");
  fs::create_symlink("selfdir", root / "selfdir");

  Recorder recorder;
  Indexer indexer(dir / "db", options());
  indexer.add_paths({root}, recorder);
  const IndexSummary& s = indexer.summary();
  EXPECT_EQ(s.articles, 1u);
  EXPECT_EQ(s.files_skipped, 2u);
  EXPECT_EQ(s.files_ignored, 1u);  // selfdir: neither a folder nor an article's name
  const std::vector<Problem> expected = {
      {(root / "gone.txt").string(), "cannot open file: No such file or directory", true},
      {(root / "self.txt").string(), "cannot open file: Too many levels of symbolic links", true},
  };
  EXPECT_EQ(recorder.problems, expected);
}

// A named pipe would block the run until something writes to it; a device never ends.
TEST(IndexerWalkTest, SpecialFilesAreSkippedWithoutBlocking) {
  test::TempDir dir;
  const fs::path root = dir / "archive";
  fs::create_directories(root);
  fs::copy_file(fixture("corpus/ant-v1.1/culture/JA-culture-10-20161210.txt"), root / "a.txt");
  ASSERT_EQ(mkfifo((root / "pipe.txt").c_str(), 0644), 0);
  fs::create_symlink("/dev/zero", root / "zero.jsonl");

  Recorder recorder;
  Indexer indexer(dir / "db", options());
  indexer.add_paths({root, "/dev/null"}, recorder);
  EXPECT_EQ(indexer.summary().articles, 1u);
  EXPECT_EQ(indexer.summary().files_skipped, 3u);
  const std::vector<Problem> expected = {
      {(root / "pipe.txt").string(), "cannot read file: a named pipe", true},
      {(root / "zero.jsonl").string(), "cannot read file: a character device", true},
      {"/dev/null", "cannot read file: a character device", true},
  };
  EXPECT_EQ(recorder.problems, expected);
}

TEST(IndexerWalkTest, FilesAndFoldersThatVanishDuringTheWalk) {
  test::TempDir dir;
  const fs::path root = dir / "archive";
  fs::create_directories(root / "c");
  for (const char* name : {"a.txt", "b.txt", "c/d.txt"}) {
    fs::copy_file(fixture("corpus/ant-v1.1/culture/JA-culture-10-20161210.txt"), root / name);
  }
  Recorder recorder;
  recorder.after_file = [&](const IndexSummary&) {  // after a.txt: b.txt and c/ are listed, then gone
    fs::remove(root / "b.txt");
    fs::remove_all(root / "c");
  };
  // One thread: with workers, b.txt would be read ahead, before a.txt is done.
  IndexOptions one_thread = options();
  one_thread.threads = 1;
  Indexer indexer(dir / "db", one_thread);
  indexer.add_paths({root}, recorder);
  const IndexSummary& s = indexer.summary();
  EXPECT_EQ(s.files, 1u);
  EXPECT_EQ(s.files_skipped, 2u);
  EXPECT_EQ(s.skip_reasons.at("cannot open file"), 1u);
  EXPECT_EQ(s.skip_reasons.at("cannot read folder"), 1u);
  const std::vector<Problem> expected = {
      {(root / "b.txt").string(), "cannot open file: No such file or directory", true},
      {(root / "c").string(), "cannot read folder: No such file or directory", true},
  };
  EXPECT_EQ(recorder.problems, expected);
}

// Runs `body` in a child process as the unprivileged user nobody when we are root (CI runs as root,
// and root reads files whatever their permissions), as ourselves otherwise. Returns what `body`
// returns, or "" with `skip` set when the child could not drop its privileges.
std::string as_unprivileged(const std::function<std::string()>& body, std::string& skip) {
  int fds[2];
  if (pipe(fds) != 0) std::abort();
  const pid_t pid = fork();
  if (pid == 0) {
    close(fds[0]);
    std::string out;
    if (geteuid() == 0 && (setgroups(0, nullptr) != 0 || setgid(65534) != 0 || setuid(65534) != 0)) {
      out = "SKIP cannot drop root privileges to nobody (65534)";
    } else {
      out = body();
    }
    const char* p = out.data();
    std::size_t left = out.size();
    while (left > 0) {
      const ssize_t n = write(fds[1], p, left);
      if (n <= 0) break;
      p += n;
      left -= static_cast<std::size_t>(n);
    }
    _exit(0);
  }
  close(fds[1]);
  std::string out;
  char buffer[4096];
  ssize_t n = 0;
  while ((n = read(fds[0], buffer, sizeof buffer)) > 0) out.append(buffer, static_cast<std::size_t>(n));
  close(fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "child status " << status;
  if (out.starts_with("SKIP ")) {
    skip = out.substr(5);
    return {};
  }
  return out;
}

TEST(IndexerWalkTest, UnreadableFilesAndFolders) {
  test::TempDir dir;
  const fs::path root = dir / "archive";
  fs::create_directories(root / "locked");
  for (const char* name : {"a.txt", "secret.txt", "locked/b.txt"}) {
    fs::copy_file(fixture("corpus/ant-v1.1/culture/JA-culture-10-20161210.txt"), root / name);
  }
  // The unprivileged child must reach the tree and write the database, which is made beside its
  // folder (db.new) and moved into place.
  fs::create_directory(dir / "out");
  fs::permissions(dir.path(), fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                                  fs::perms::others_read | fs::perms::others_exec);
  fs::permissions(dir / "out", fs::perms::all);
  fs::permissions(root / "secret.txt", fs::perms::none);
  fs::permissions(root / "locked", fs::perms::none);

  std::string skip;
  const std::string result = as_unprivileged(
      [&] {
        if (access((root / "secret.txt").c_str(), R_OK) == 0) return std::string("SKIP permissions do not stop reads here");
        try {
          Recorder recorder;
          Indexer indexer(dir / "out" / "db", options());
          indexer.add_paths({root}, recorder);
          std::string out = std::to_string(indexer.summary().files) + " files\n";
          for (const Problem& p : recorder.problems) out += p.path + ": " + p.message + "\n";
          return out;
        } catch (const std::exception& e) {  // shown by the EXPECT below, not lost in the child
          return std::string("exception: ") + e.what();
        }
      },
      skip);
  fs::permissions(root / "locked", fs::perms::owner_all);  // so that TempDir can remove it
  if (!skip.empty()) GTEST_SKIP() << skip;
  EXPECT_EQ(result, "1 files\n" + (root / "locked").string() + ": cannot read folder: Permission denied\n" +
                        (root / "secret.txt").string() + ": cannot open file: Permission denied\n");
}

// The new formats are read when met in folders; archives of other kinds are not.
TEST(IndexerWalkTest, NewFormatsInFolders) {
  test::TempDir dir;
  const fs::path root = dir / "archive";
  fs::create_directories(root);
  for (const char* name : {"good/article.html", "good/article.txt.gz", "good/dump.jsonl.gz", "good/page.html.gz",
                           "encodings/cp1256.txt", "bad/truncated.txt.gz"}) {
    fs::copy_file(fixture(std::string("tests/data/") + name), root / fs::path(name).filename());
  }
  test::write_file(root / "backup.tar.gz", "not read");
  test::write_file(root / "notes.gz", "not read");

  Recorder recorder;
  Indexer indexer(dir / "db", options());
  indexer.add_paths({root}, recorder);
  indexer.commit();
  const IndexSummary& s = indexer.summary();
  EXPECT_EQ(s.files, 5u);
  EXPECT_EQ(s.articles, 1u + 1u + 3u + 1u + 1u);
  EXPECT_EQ(s.documents, 6u);  // cp1256.txt and dump.jsonl.gz both hold CN-economy-1-20180213
  EXPECT_EQ(s.files_ignored, 2u);
  EXPECT_EQ(s.files_skipped, 1u);
  EXPECT_EQ(s.skip_reasons.at("truncated gzip"), 1u);
  const std::vector<Problem> expected = {
      {(root / "cp1256.txt").string(), "converted from windows-1256", false},
      {(root / "dump.jsonl.gz").string(),
       "article id 'CN-economy-1-20180213' is also in " + (root / "cp1256.txt").string() +
           ": this file, later in sorted order, keeps it",
       false},
      {(root / "truncated.txt.gz").string(), "truncated gzip (ends inside compressed data)", true},
  };
  EXPECT_EQ(recorder.problems, expected);
}

// A .gz file is known by its bytes on disk: touched, it is compared and left alone; compressed
// again (here: another mtime in the gzip header, the same article inside), it is indexed again.
TEST(IndexerWalkTest, GzipFilesAreComparedByTheirCompressedBytes) {
  test::TempDir dir;
  const fs::path root = dir / "archive";
  fs::create_directories(root);
  const fs::path article = root / "article.txt.gz";
  const fs::path page = root / "page.html.gz";
  fs::copy_file(fixture("tests/data/good/article.txt.gz"), article);
  fs::copy_file(fixture("tests/data/good/page.html.gz"), page);
  // Older than the indexer's two seconds of doubt about fresh mtimes, so that times decide.
  const auto an_hour_ago = fs::file_time_type::clock::now() - std::chrono::hours(1);
  for (const fs::path& p : {article, page}) fs::last_write_time(p, an_hour_ago);
  const auto run = [&] {
    Recorder recorder;
    Indexer indexer(dir / "db", options());
    indexer.add_paths({root}, recorder);
    indexer.commit();
    EXPECT_EQ(recorder.problems, std::vector<Problem>{});
    return indexer.summary();
  };

  const IndexSummary first = run();
  EXPECT_EQ(first.files_added, 2u);
  EXPECT_EQ(first.articles, 2u);
  {
    Xapian::Database db((dir / "db").string());
    const std::string bytes = test::slurp(article);
    const std::optional<schema::FileState> state =
        schema::decode_file_state(db.get_metadata(schema::file_state_key(fs::canonical(article).string())));
    ASSERT_TRUE(state.has_value());
    EXPECT_EQ(state->hash, schema::content_hash(bytes));
    EXPECT_EQ(state->size, bytes.size());
    EXPECT_EQ(state->articles, 1u);
  }

  const IndexSummary same = run();
  EXPECT_EQ(same.files_unchanged, 2u);
  EXPECT_EQ(same.files_touched, 0u);
  EXPECT_EQ(same.articles, 0u);

  fs::last_write_time(article, an_hour_ago + std::chrono::minutes(1));
  const IndexSummary touched = run();
  EXPECT_EQ(touched.files_unchanged, 2u);
  EXPECT_EQ(touched.files_touched, 1u);
  EXPECT_EQ(touched.articles, 0u);

  std::string recompressed = test::slurp(page);
  ASSERT_GT(recompressed.size(), 8u);
  ASSERT_EQ(recompressed.substr(0, 2), "\x1f\x8b");
  recompressed[4] = static_cast<char>(recompressed[4] ^ 0x01);  // MTIME, bytes 4-7 of the header
  test::write_file(page, recompressed);
  fs::last_write_time(page, an_hour_ago + std::chrono::minutes(2));
  const IndexSummary again = run();
  EXPECT_EQ(again.files_updated, 1u);
  EXPECT_EQ(again.files_unchanged, 1u);
  EXPECT_EQ(again.articles, 1u);
  EXPECT_EQ(again.articles_removed, 0u);  // the same article, replaced
  EXPECT_EQ(again.documents, 2u);
}

// Progress (fahras-index on a terminal): the share of files done and the time left at the rate so
// far, a line that stays short.
TEST(ProgressTest, LineSaysTheShareDoneAndTheTimeLeft) {
  const struct {
    std::uint64_t done, total;
    double seconds;
    const char* line;
  } cases[] = {
      {0, 31525, 0.2, "0 files, 0 s"},
      {1200, 0, 41, "1200 files, 41 s"},
      {1200, 31525, 41, "1200/31525 files (3.8%), 41 s, about 17 min 16 s left"},
      {25, 100, 10, "25/100 files (25.0%), 10 s, about 30 s left"},
      {100, 100, 3725, "100/100 files (100.0%), 1 h 02 min, about 0 s left"},
      {105, 100, 10, "100/100 files (100.0%), 10 s, about 0 s left"},
  };
  for (const auto& c : cases) EXPECT_EQ(progress_line(c.done, c.total, c.seconds), c.line);
}

// The running totals carry the time since the run began (it stayed 0.0 s until the first commit), and
// a listener that shows progress gets the count of files before the first file is done.
TEST(ProgressTest, RunningTotalsCarryTheElapsedTimeAndTheFileCount) {
  struct Listener : IndexListener {
    bool wants_progress() const override { return true; }
    void on_files_counted(std::uint64_t files) override {
      EXPECT_EQ(done, 0u) << "counted before any file is read";
      counted = files;
    }
    void on_file_done(const IndexSummary& s) override {
      EXPECT_GE(s.seconds, last) << "the time only grows";
      last = s.seconds;
      ++done;
    }
    std::uint64_t counted = 0, done = 0;
    double last = 0;
  } listener;
  test::TempDir dir;
  Indexer indexer(dir / "db", IndexOptions{});
  indexer.add_paths({test::corpus_dir() / "ant-v1.1"}, listener);
  indexer.commit();
  EXPECT_EQ(listener.counted, 299u);
  EXPECT_EQ(listener.done, 299u);
  EXPECT_GT(listener.last, 0.0) << "the elapsed time reached the listener before the commit";
  EXPECT_LE(listener.last, indexer.summary().seconds);
}

// Without a terminal (a pipe, a log file), fahras-index shows no progress: no count, no carriage
// return, only the messages and the summary.
TEST(ProgressTest, NoneWhenStderrIsNotATerminal) {
  test::TempDir dir;
  const test::RunResult r =
      test::run_index({"--db", (dir / "db").string(), (test::corpus_dir() / "ant-v1.1").string()});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err.find('\r'), std::string::npos);
  EXPECT_EQ(r.err.find(" left"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("fahras-index: 299 articles from 299 files in "), 0u) << r.err;
}

}  // namespace
}  // namespace fahras
