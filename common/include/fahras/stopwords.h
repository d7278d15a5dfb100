// The Arabic stopword list, normalised by the same chain as the text (normalize.h), so that في, فى
// and فِي are all stopwords. Thread-safe.
#pragma once

#include <string_view>

namespace fahras {

// Returns true iff `normalized` (the output of normalize()) is a stopword.
bool is_stopword(std::string_view normalized);

}  // namespace fahras
