#include "stop_points.h"

#include <csignal>
#include <cstdlib>
#include <map>
#include <set>
#include <string>

namespace fahras::indexer_detail {

namespace {

struct StopPlan {
  std::map<std::string, std::set<unsigned long>, std::less<>> at;  // point -> counts to stop at
  std::map<std::string, unsigned long, std::less<>> reached;
};

// FAHRAS_INDEX_STOP_AT parsed; an entry that does not read as point:count is ignored.
StopPlan* read_plan() {
  const char* spec = std::getenv("FAHRAS_INDEX_STOP_AT");
  if (spec == nullptr || *spec == '\0') return nullptr;
  auto* plan = new StopPlan;
  std::string_view rest(spec);
  while (!rest.empty()) {
    const std::size_t comma = rest.find(',');
    const std::string_view entry = rest.substr(0, comma);
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    const std::size_t colon = entry.find(':');
    if (colon == std::string_view::npos) continue;
    const unsigned long count = std::strtoul(std::string(entry.substr(colon + 1)).c_str(), nullptr, 10);
    if (count > 0) plan->at[std::string(entry.substr(0, colon))].insert(count);
  }
  return plan;
}

}  // namespace

void stop_point(std::string_view point) {
  static StopPlan* const plan = read_plan();  // never freed: lives as long as the process
  if (plan == nullptr) return;
  const auto at = plan->at.find(point);
  if (at == plan->at.end()) return;
  const auto reached = plan->reached.try_emplace(std::string(point), 0).first;
  if (at->second.count(++reached->second)) std::raise(SIGSTOP);
}

}  // namespace fahras::indexer_detail
