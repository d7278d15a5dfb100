// WorkerPool: the threads that read, parse and analyse input while one thread writes the database.
// Xapian allows one writer, so the indexer keeps every database call on its own thread and hands
// the rest (reading files, parsing them, building documents) to the pool; it applies the results in
// the order it submitted them, so that the database is the same, document ids included, whatever
// the number of threads.
//
// Each worker owns a DocumentBuilder (and so an Analyzer); tasks receive the builder of the thread
// that runs them. With no worker threads, submit() runs the task at once on the calling thread.
//
// Thread-safety: submit() and the destructor are called from one thread (the writer). Tasks must
// not share mutable state with each other or with the writer, except through what they return.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <type_traits>
#include <vector>

#include "document_builder.h"
#include "fahras/article.h"

namespace fahras::indexer_detail {

class WorkerPool {
 public:
  // Starts `threads` worker threads (0: none, tasks run in submit()).
  WorkerPool(unsigned threads, const DocumentOptions& options);
  // Drops the tasks not yet started and waits for the running ones: a future whose task was dropped
  // reports std::future_error (broken promise) if waited on.
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  unsigned threads() const { return static_cast<unsigned>(workers_.size()); }

  // Runs task(builder) on a worker, or here when there is none. An exception thrown by the task is
  // rethrown by the future's get().
  template <typename Task>
  auto submit(Task task) -> std::future<std::invoke_result_t<Task, const DocumentBuilder&>> {
    using Result = std::invoke_result_t<Task, const DocumentBuilder&>;
    auto job = std::make_shared<std::packaged_task<Result(const DocumentBuilder&)>>(std::move(task));
    std::future<Result> result = job->get_future();
    if (workers_.empty()) {
      (*job)(inline_builder_);
    } else {
      enqueue([job](const DocumentBuilder& builder) { (*job)(builder); });
    }
    return result;
  }

 private:
  void enqueue(std::function<void(const DocumentBuilder&)> job);
  void run(unsigned index);

  std::vector<std::unique_ptr<DocumentBuilder>> builders_;  // one per worker
  DocumentBuilder inline_builder_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void(const DocumentBuilder&)>> queue_;
  bool stopping_ = false;
  std::vector<std::thread> workers_;
};

// Articles per task: a file with at most this many is read, parsed and analysed by one task; the
// articles of a larger one are analysed in chunks of this many (DocumentStream).
inline constexpr std::size_t kArticlesPerTask = 16;

// The documents of a file's articles, in order, built by the workers in chunks of kArticlesPerTask,
// at most `window` chunks ahead of the one being read.
//
// REQUIRES: `articles` outlives the stream and does not change while it lives.
class DocumentStream {
 public:
  DocumentStream(WorkerPool& pool, const std::vector<Article>& articles, std::string file_term,
                 bool spelling, std::size_t window);
  ~DocumentStream();  // waits for the chunks in flight, which read `articles`
  DocumentStream(const DocumentStream&) = delete;
  DocumentStream& operator=(const DocumentStream&) = delete;

  // The next article's document. REQUIRES: called at most articles.size() times.
  BuiltDocument next();

 private:
  WorkerPool& pool_;
  const std::vector<Article>& articles_;
  const std::string file_term_;
  const bool spelling_;
  const std::size_t window_;
  std::size_t submitted_ = 0;  // articles handed to chunks so far
  std::deque<std::future<std::vector<BuiltDocument>>> chunks_;
  std::vector<BuiltDocument> current_;
  std::size_t taken_ = 0;  // documents of current_ returned so far
};

}  // namespace fahras::indexer_detail
