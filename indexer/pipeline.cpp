#include "pipeline.h"

#include <algorithm>
#include <utility>

namespace fahras::indexer_detail {

WorkerPool::WorkerPool(unsigned threads, const DocumentOptions& options) : inline_builder_(options) {
  for (unsigned i = 0; i < threads; ++i) builders_.push_back(std::make_unique<DocumentBuilder>(options));
  workers_.reserve(threads);
  for (unsigned i = 0; i < threads; ++i) workers_.emplace_back([this, i] { run(i); });
}

WorkerPool::~WorkerPool() {
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
    queue_.clear();
  }
  wake_.notify_all();
  for (std::thread& worker : workers_) worker.join();
}

void WorkerPool::enqueue(std::function<void(const DocumentBuilder&)> job) {
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    queue_.push_back(std::move(job));
  }
  wake_.notify_one();
}

void WorkerPool::run(unsigned index) {
  const DocumentBuilder& builder = *builders_[index];
  for (;;) {
    std::function<void(const DocumentBuilder&)> job;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping
      job = std::move(queue_.front());
      queue_.pop_front();
    }
    job(builder);  // a packaged_task: exceptions go to its future
  }
}

DocumentStream::DocumentStream(WorkerPool& pool, const std::vector<Article>& articles,
                               std::string file_term, bool spelling, std::size_t window)
    : pool_(pool), articles_(articles), file_term_(std::move(file_term)), spelling_(spelling),
      window_(std::max<std::size_t>(window, 1)) {}

DocumentStream::~DocumentStream() {
  for (auto& chunk : chunks_) {
    if (chunk.valid()) chunk.wait();
  }
}

BuiltDocument DocumentStream::next() {
  while (chunks_.size() < window_ && submitted_ < articles_.size()) {
    const std::size_t begin = submitted_;
    const std::size_t end = std::min(articles_.size(), begin + kArticlesPerTask);
    chunks_.push_back(pool_.submit([this, begin, end](const DocumentBuilder& builder) {
      std::vector<BuiltDocument> documents;
      documents.reserve(end - begin);
      for (std::size_t i = begin; i < end; ++i) {
        documents.push_back(builder.build(articles_[i], file_term_, spelling_));
      }
      return documents;
    }));
    submitted_ = end;
  }
  if (taken_ == current_.size()) {
    current_ = chunks_.front().get();
    chunks_.pop_front();
    taken_ = 0;
  }
  return std::move(current_[taken_++]);
}

}  // namespace fahras::indexer_detail
