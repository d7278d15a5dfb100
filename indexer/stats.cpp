#include "fahras/stats.h"

#include <xapian.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <system_error>

#include <nlohmann/json.hpp>

#include "database_files.h"
#include "fahras/error.h"
#include "fahras/indexer.h"
#include "fahras/schema.h"

namespace fahras {
namespace fs = std::filesystem;

namespace {

// Values of `slot` with their counts, most frequent first.
std::vector<std::pair<std::string, std::uint64_t>> count_values(const Xapian::Database& db,
                                                                Xapian::valueno slot) {
  std::map<std::string, std::uint64_t> counts;
  for (auto v = db.valuestream_begin(slot); v != db.valuestream_end(slot); ++v) ++counts[*v];
  std::vector<std::pair<std::string, std::uint64_t>> out(counts.begin(), counts.end());
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  return out;
}

// "postlist" for "postlist.glass"; Xapian's other files (iamglass, flintlock) under "other".
std::string table_of(const fs::path& file) {
  return file.extension() == ".glass" ? file.stem().string() : "other";
}

std::string date_text(double seconds) {
  const std::time_t t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char out[32];
  std::strftime(out, sizeof out, "%Y-%m-%d", &tm);
  return out;
}

std::string mib(std::uint64_t bytes) {
  char out[32];
  std::snprintf(out, sizeof out, "%.1f MiB", static_cast<double>(bytes) / (1 << 20));
  return out;
}

}  // namespace

IndexStats read_stats(const fs::path& path) {
  IndexStats s;
  s.db = path.string();
  const std::uint32_t shards = indexer_detail::shard_count(path);
  std::vector<fs::path> folders;
  if (shards == 0) {
    folders.push_back(path);
  } else {
    for (std::uint32_t i = 0; i < shards; ++i) folders.push_back(indexer_detail::shard_path(path, i));
  }
  Xapian::Database db;
  try {
    db = Xapian::Database(path.string());
  } catch (const Xapian::DatabaseOpeningError& e) {
    throw Error(Error::Kind::kDatabase, "cannot open database " + path.string() + ": " + e.get_msg());
  }
  const Xapian::Database first(folders.front().string());
  if (first.get_metadata(std::string(schema::kSchemaKey)).empty()) {
    throw Error(Error::Kind::kDatabase, path.string() + " is not a Fahras database (no " +
                                            std::string(schema::kSchemaKey) + ")");
  }
  s.articles = db.get_doccount();
  s.sources = count_values(db, schema::kSourceSlot);
  s.categories = count_values(db, schema::kCategorySlot);
  if (db.get_value_freq(schema::kDateSlot) > 0) {
    s.first_date = Xapian::sortable_unserialise(db.get_value_lower_bound(schema::kDateSlot));
    s.last_date = Xapian::sortable_unserialise(db.get_value_upper_bound(schema::kDateSlot));
  }
  for (const fs::path& folder : folders) {
    std::uint64_t bytes = 0;
    std::error_code ec;
    for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
      if (!it->is_regular_file(ec)) continue;
      const std::uint64_t size = it->file_size(ec);
      if (ec) break;
      s.tables[table_of(it->path())] += size;
      bytes += size;
    }
    if (ec) throw Error(Error::Kind::kIo, "cannot read " + folder.string() + ": " + ec.message());
    s.shards.emplace_back(folder.string(), bytes);
    s.bytes += bytes;
  }
  for (const std::string_view key : {schema::kAnalyzerKey, schema::kSchemaKey, schema::kSpellingKey,
                                     schema::kLeadWordsKey}) {
    s.settings[std::string(key)] = first.get_metadata(std::string(key));
  }
  s.last_run = first.get_metadata(std::string(schema::kLastRunKey));
  return s;
}

std::string stats_json(const IndexStats& s) {
  nlohmann::ordered_json j;
  j["db"] = s.db;
  j["articles"] = s.articles;
  const auto counts = [](const auto& list) {
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (const auto& [value, count] : list) out.push_back({{"value", value}, {"count", count}});
    return out;
  };
  j["sources"] = counts(s.sources);
  j["categories"] = counts(s.categories);
  j["first_date"] = s.first_date ? nlohmann::ordered_json(date_text(*s.first_date)) : nullptr;
  j["last_date"] = s.last_date ? nlohmann::ordered_json(date_text(*s.last_date)) : nullptr;
  j["bytes"] = s.bytes;
  j["tables"] = s.tables;
  nlohmann::ordered_json shards = nlohmann::ordered_json::array();
  for (const auto& [folder, bytes] : s.shards) shards.push_back({{"path", folder}, {"bytes", bytes}});
  j["shards"] = shards;
  j["settings"] = s.settings;
  j["last_run"] = s.last_run.empty() ? nlohmann::ordered_json(nullptr)
                                     : nlohmann::ordered_json::parse(s.last_run, nullptr, false);
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

std::string describe_stats(const IndexStats& s) {
  const auto n = [](std::uint64_t v) { return std::to_string(v); };
  std::string out = s.db + ": " + n(s.articles) + " articles";
  if (s.first_date) out += ", dated " + date_text(*s.first_date) + " to " + date_text(*s.last_date);
  out += "\n";
  const auto list = [&](const char* what, const auto& values) {
    out += std::string(what) + " (" + n(values.size()) + "):";
    for (const auto& [value, count] : values) out += " " + value + " " + n(count) + ",";
    if (!values.empty()) out.pop_back();
    out += "\n";
  };
  list("sources", s.sources);
  list("categories", s.categories);
  out += "size: " + mib(s.bytes) + " (";
  bool first = true;
  for (const auto& [table, bytes] : s.tables) {
    out += (first ? "" : ", ") + table + " " + mib(bytes);
    first = false;
  }
  out += ")\n";
  if (s.shards.size() > 1) {
    for (const auto& [folder, bytes] : s.shards) out += "shard " + folder + ": " + mib(bytes) + "\n";
  }
  out += "settings:";
  for (const auto& [key, value] : s.settings) out += " " + key + "=" + value;
  out += "\n";
  if (s.last_run.empty()) return out + "last run: none recorded\n";
  const nlohmann::json run = nlohmann::json::parse(s.last_run, nullptr, false);
  if (run.is_discarded() || !run.is_object()) return out + "last run: unreadable\n";
  const auto get = [&](const char* key) { return run.value(key, std::uint64_t{0}); };
  char seconds[32];
  std::snprintf(seconds, sizeof seconds, "%.2f s", run.value("seconds", 0.0));
  out += "last run: " + run.value("finished", std::string("?")) + ", " + seconds + ": " +
         n(get("articles")) + " articles; files " + n(get("files_added")) + " added, " +
         n(get("files_updated")) + " updated, " + n(get("files_unchanged")) + " unchanged, " +
         n(get("files_removed")) + " removed" + (run.value("cancelled", false) ? "; interrupted" : "") +
         "\n";
  const nlohmann::json& skipped = run.contains("skipped") ? run["skipped"] : nlohmann::json::array();
  out += "skipped: " + n(get("skipped_total")) + (get("skipped_total") > skipped.size() ? " (the first " + n(skipped.size()) + " listed)" : "") + "\n";
  for (const nlohmann::json& e : skipped) {
    out += "  " + one_line(e.value("file", std::string())) + ": " + one_line(e.value("reason", std::string())) +
           " (reported " + e.value("reported", std::string()) + ")\n";
  }
  return out;
}

}  // namespace fahras
