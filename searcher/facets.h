// Facet counting for Searcher (private to the library): how many matching articles each source,
// category and year has, over the whole match set, not just the page shown.
#pragma once

#include <xapian.h>

#include "fahras/schema.h"
#include "fahras/searcher.h"

namespace fahras::facets {

// Counts values of schema::kSourceSlot, kCategorySlot and kYearSlot with Xapian::ValueCountMatchSpy.
// The Enquire it is attached to must run exhaustively (get_mset's check_at_least at least the number
// of documents), or the spies see only part of the matches. Not thread-safe; one per search.
class Counter {
 public:
  void attach(Xapian::Enquire& enquire);
  // Sources and categories by count, most first (ties by name), merging values that the source: and
  // category: filters treat as one (normalize_field_value), shown as their most frequent spelling;
  // years newest first.
  Facets result() const;

 private:
  Xapian::ValueCountMatchSpy sources_{schema::kSourceSlot};
  Xapian::ValueCountMatchSpy categories_{schema::kCategorySlot};
  Xapian::ValueCountMatchSpy years_{schema::kYearSlot};
};

}  // namespace fahras::facets
