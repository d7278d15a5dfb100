// describe(): the summary of a run as fahras-index prints it (indexer.h).
#include <cstdio>
#include <string>

#include "fahras/indexer.h"

namespace fahras {

std::string describe(const IndexSummary& s) {
  const auto n = [](std::uint64_t v) { return std::to_string(v); };
  std::string out = "fahras-index: " + n(s.articles) + " articles from " + n(s.files) + " files in ";
  char seconds[32];
  std::snprintf(seconds, sizeof seconds, "%.2f s", s.seconds);
  out += seconds;
  out += "; " + n(s.documents) + " documents in the database\n";
  out += "fahras-index: files: " + n(s.files_added) + " added, " + n(s.files_updated) + " updated, " +
         n(s.files_unchanged) + " unchanged (" + n(s.files_touched) + " of them read to compare), " +
         n(s.files_removed) + " removed; " + n(s.articles_removed) + " articles removed\n";
  out += "fahras-index: skipped " + n(s.files_skipped) + " files and " + n(s.articles_skipped) +
         " records; " + n(s.warnings) + " warnings; " + n(s.unparsed_dates) +
         " dates not understood; " + n(s.files_ignored) + " other files ignored\n";
  for (const auto& [reason, count] : s.skip_reasons) {
    out += "fahras-index:   skipped (" + reason + "): " + n(count) + "\n";
  }
  return out;
}

}  // namespace fahras
