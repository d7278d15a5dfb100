#include "facets.h"

#include <algorithm>
#include <map>

#include "fahras/normalize.h"

namespace fahras::facets {
namespace {

// Merges the spy's values by normalize_field_value(), each shown as its most frequent spelling.
std::vector<FacetCount> merged(const Xapian::ValueCountMatchSpy& spy) {
  struct Bucket {
    std::uint64_t total = 0;
    std::string shown;
    std::uint64_t shown_count = 0;
  };
  std::map<std::string, Bucket> buckets;
  for (auto it = spy.values_begin(); it != spy.values_end(); ++it) {
    const std::string value = *it;
    const std::uint64_t count = it.get_termfreq();
    std::string key = normalize_field_value(value);
    if (key.empty()) key = value;
    Bucket& bucket = buckets[key];
    bucket.total += count;
    if (count > bucket.shown_count) {
      bucket.shown = value;
      bucket.shown_count = count;
    }
  }
  std::vector<FacetCount> out;
  for (auto& [key, bucket] : buckets) out.push_back({std::move(bucket.shown), bucket.total});
  std::sort(out.begin(), out.end(), [](const FacetCount& a, const FacetCount& b) {
    return a.count != b.count ? a.count > b.count : a.value < b.value;
  });
  return out;
}

}  // namespace

void Counter::attach(Xapian::Enquire& enquire) {
  enquire.add_matchspy(&sources_);
  enquire.add_matchspy(&categories_);
  enquire.add_matchspy(&years_);
}

Facets Counter::result() const {
  Facets facets;
  facets.sources = merged(sources_);
  facets.categories = merged(categories_);
  for (auto it = years_.values_begin(); it != years_.values_end(); ++it) {
    facets.years.push_back({*it, it.get_termfreq()});
  }
  std::sort(facets.years.begin(), facets.years.end(),
            [](const FacetCount& a, const FacetCount& b) { return a.value > b.value; });
  return facets;
}

}  // namespace fahras::facets
