// Fixture shared by the suites that search corpus/ through the library: corpus/ (its 299 ANT
// articles and the same articles in the other formats) is indexed once per suite with the Indexer
// library and default options into a temporary database, removed after the suite. Each test gets
// its own Searcher over it. A suite derives from CorpusDbTest and adds its own helpers; one that
// needs more setup defines its own SetUpTestSuite and calls CorpusDbTest::SetUpTestSuite() first.
#pragma once

#include <string>

#include <gtest/gtest.h>

#include "fahras/indexer.h"
#include "fahras/searcher.h"
#include "test_util.h"

namespace fahras::test {

class CorpusDbTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir;
    Indexer indexer(db_path(), IndexOptions{});
    IndexListener quiet;
    indexer.add_paths({corpus_dir()}, quiet);
    indexer.commit();
    ASSERT_EQ(indexer.summary().files_skipped, 0u);
    ASSERT_GT(indexer.summary().articles, 250u);
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }
  // The database's folder. REQUIRES: inside the suite (between SetUpTestSuite and TearDownTestSuite).
  static std::string db_path() { return (dir_->path() / "db").string(); }

  Searcher searcher_{{db_path()}};

 private:
  inline static TempDir* dir_ = nullptr;
};

}  // namespace fahras::test
