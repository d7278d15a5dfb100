#include "prepare.h"

#include <sys/stat.h>

#include <cstdint>
#include <ctime>

#include "pipeline.h"

namespace fahras::indexer_detail {
namespace fs = std::filesystem;

namespace {

// A file modified less than this long before we look at it may change again without its mtime
// changing (file systems stamp times coarsely); its state then records no times (schema.h).
constexpr std::int64_t kRacyNanoseconds = 2'000'000'000;

std::int64_t nanoseconds(const timespec& t) {
  return std::int64_t{t.tv_sec} * 1'000'000'000 + t.tv_nsec;
}

std::int64_t now_ns() {
  timespec now{};
  clock_gettime(CLOCK_REALTIME, &now);
  return nanoseconds(now);
}

}  // namespace

PreparedFile prepare_file(const fs::path& path, const std::string& canonical,
                          const std::optional<schema::FileState>& old, bool spelling,
                          const DocumentBuilder& builder) {
  PreparedFile out;
  if (detect_format(path, {}) == Format::kUnsupported) {
    out.error = read_file(path).error;  // says why without reading the file
    return out;
  }
  // A regular file whose times and size match its state is not opened. Anything else (a file that
  // cannot be looked at, a named pipe, a device) goes to the reader, which says what is wrong.
  struct stat st{};
  if (old && old->mtime_ns != 0 && ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) &&
      old->mtime_ns == nanoseconds(st.st_mtim) && old->ctime_ns == nanoseconds(st.st_ctim) &&
      old->size == static_cast<std::uint64_t>(st.st_size)) {
    out.outcome = PreparedFile::Outcome::kUnchanged;
    return out;
  }
  const FileBytes file = read_file_bytes(path);
  // Its earlier articles and state stay: an unreadable file may be readable again tomorrow.
  if (!file.error.empty()) {
    out.error = file.error;
    return out;
  }

  schema::FileState& state = out.state;
  state.size = file.size;
  // (A recent ctime alone is no risk: a write would move the older mtime.)
  const bool racy = now_ns() - file.mtime_ns < kRacyNanoseconds;
  state.mtime_ns = racy ? 0 : file.mtime_ns;
  state.ctime_ns = racy ? 0 : file.ctime_ns;
  state.hash = schema::content_hash(file.bytes);  // of the bytes on disk: a .gz file's compressed ones
  state.path = canonical;
  if (old && old->hash == state.hash) {
    out.outcome = PreparedFile::Outcome::kTouched;
    state.articles = old->articles;
    return out;
  }
  out.outcome = PreparedFile::Outcome::kRead;
  out.contents = parse_file(file.bytes, path);
  state.articles = static_cast<std::uint32_t>(out.contents.articles.size());
  if (out.contents.articles.size() <= kArticlesPerTask) {
    const std::string file_term = schema::file_term(canonical);
    for (const Article& article : out.contents.articles) {
      out.documents.push_back(builder.build(article, file_term, spelling));
    }
  }
  return out;
}

}  // namespace fahras::indexer_detail
