// The Arabic stopword list, normalised by the same chain as the text (normalize.h), so that في, فى
// and فِي are all stopwords. Thread-safe.
#pragma once

#include <span>
#include <string_view>

namespace fahras {

// Returns true iff `normalized` (the output of normalize()) is a stopword.
bool is_stopword(std::string_view normalized);

// The list as written (before normalisation), in its order: for the analyser's version, which names
// a hash of it (analyzer.h).
std::span<const std::string_view> stopword_list();

}  // namespace fahras
