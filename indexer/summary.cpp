// describe(): the summary of a run as fahras-index prints it (indexer.h).
#include <cstdio>
#include <string>

#include <algorithm>
#include <ctime>

#include <nlohmann/json.hpp>

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

namespace {

std::string utc_text(std::int64_t seconds) {
  const auto t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char out[32];
  std::strftime(out, sizeof out, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return out;
}

}  // namespace

namespace {

// "12 s", "3 min 05 s", "2 h 07 min".
std::string duration(double seconds) {
  const auto s = static_cast<unsigned long long>(seconds + 0.5);
  char out[48];
  if (s < 60) {
    std::snprintf(out, sizeof out, "%llu s", s);
  } else if (s < 3600) {
    std::snprintf(out, sizeof out, "%llu min %02llu s", s / 60, s % 60);
  } else {
    std::snprintf(out, sizeof out, "%llu h %02llu min", s / 3600, s / 60 % 60);
  }
  return out;
}

}  // namespace

std::string progress_line(std::uint64_t done, std::uint64_t total, double seconds) {
  if (total == 0 || done == 0) return std::to_string(done) + " files, " + duration(seconds);
  done = std::min(done, total);  // a file met twice (through two PATHs) counts twice
  char percent[16];
  std::snprintf(percent, sizeof percent, "%.1f%%", 100.0 * static_cast<double>(done) / static_cast<double>(total));
  const double left = seconds * static_cast<double>(total - done) / static_cast<double>(done);
  return std::to_string(done) + "/" + std::to_string(total) + " files (" + percent + "), " +
         duration(seconds) + ", about " + duration(left) + " left";
}

std::string encode_last_run(const IndexSummary& s, const std::vector<SkippedFile>& skipped,
                            std::uint64_t skipped_total, std::int64_t now) {
  nlohmann::ordered_json j = {
      {"finished", utc_text(now)},         {"finished_epoch", now},
      {"seconds", s.seconds},              {"articles", s.articles},
      {"files_added", s.files_added},      {"files_updated", s.files_updated},
      {"files_unchanged", s.files_unchanged}, {"files_removed", s.files_removed},
      {"articles_removed", s.articles_removed}, {"files_skipped", s.files_skipped},
      {"records_skipped", s.articles_skipped}, {"warnings", s.warnings},
      {"cancelled", s.cancelled},          {"skipped_total", skipped_total},
  };
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const SkippedFile& f : skipped) {
    if (list.size() == kSkippedListed) break;
    list.push_back({{"file", f.file}, {"reason", f.reason}, {"reported", utc_text(f.reported)},
                    {"reported_epoch", f.reported}});
  }
  j["skipped"] = std::move(list);
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::vector<SkippedFile> decode_last_run_skipped(std::string_view value) {
  std::vector<SkippedFile> out;
  const nlohmann::json j = nlohmann::json::parse(value, nullptr, false);
  if (j.is_discarded() || !j.is_object() || !j.contains("skipped") || !j["skipped"].is_array()) return out;
  for (const nlohmann::json& e : j["skipped"]) {
    if (!e.is_object()) continue;
    out.push_back({e.value("file", std::string()), e.value("reason", std::string()),
                   e.value("reported_epoch", std::int64_t{0})});
  }
  return out;
}

}  // namespace fahras
