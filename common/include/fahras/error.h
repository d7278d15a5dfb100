// Error: the one exception type that Fahras libraries throw for failures a user can act on (a bad
// query, a missing database, an unreadable file). Binaries catch it, and Xapian::Error, once in main.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace fahras {

class Error : public std::runtime_error {
 public:
  enum class Kind {
    kUsage,       // a bad option or argument
    kBadQuery,    // the query cannot be parsed or has nothing to search for
    kDatabase,    // missing, corrupt or incompatible database
    kLocked,      // the database is locked by another writer
    kIo,          // a file cannot be read or written
    kUnavailable, // a remote database (tcp://HOST:PORT) cannot be reached or did not answer in time
  };
  Error(Kind kind, const std::string& what) : std::runtime_error(what), kind_(kind) {}
  Kind kind() const noexcept { return kind_; }

 private:
  Kind kind_;
};

// `text` (a path, a parameter's value, a reader's message) made fit for one line of a terminal, a log
// or an error message: a newline as \n, a tab as \t, other control characters as \xNN, so that a
// file named "a\nb.json" or a parameter ?until=%0A cannot split the line that names it. Everything
// else is kept as it is.
std::string one_line(std::string_view text);

}  // namespace fahras
