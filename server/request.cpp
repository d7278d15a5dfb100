#include "request.h"
#include "fahras/normalize.h"

#include <optional>

namespace fahras::http {
namespace {

std::optional<unsigned> hex_digits(std::string_view text) {
  unsigned value = 0;
  for (const char c : text) {
    value <<= 4;
    if (c >= '0' && c <= '9') {
      value |= static_cast<unsigned>(c - '0');
    } else if (c >= 'a' && c <= 'f') {
      value |= static_cast<unsigned>(c - 'a' + 10);
    } else if (c >= 'A' && c <= 'F') {
      value |= static_cast<unsigned>(c - 'A' + 10);
    } else {
      return std::nullopt;
    }
  }
  return value;
}

}  // namespace

std::string Request::param(std::string_view name) const {
  for (const auto& [key, value] : params) {
    if (key == name) return value;
  }
  return {};
}

std::vector<std::string> Request::non_empty_params(std::string_view name) const {
  std::vector<std::string> values;
  for (const auto& [key, value] : params) {
    if (key == name && !value.empty()) values.push_back(value);
  }
  return values;
}

std::string url_decode(std::string_view text, bool plus_is_space) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '+' && plus_is_space) {
      out += ' ';
    } else if (c != '%') {
      out += c;
    } else if (i + 5 < text.size() && (text[i + 1] == 'u' || text[i + 1] == 'U') && hex_digits(text.substr(i + 2, 4))) {
      append_utf8(out, static_cast<char32_t>(*hex_digits(text.substr(i + 2, 4))));
      i += 5;
    } else if (i + 2 < text.size() && hex_digits(text.substr(i + 1, 2))) {
      out += static_cast<char>(*hex_digits(text.substr(i + 1, 2)));
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}

Request parse_target(std::string_view method, std::string_view target) {
  Request request;
  request.method = std::string(method);
  const std::size_t question = target.find('?');
  request.path = url_decode(target.substr(0, question), false);
  if (question == std::string_view::npos) return request;
  std::string_view query = target.substr(question + 1);
  while (!query.empty()) {
    const std::size_t amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    const std::size_t equals = pair.find('=');
    const std::string_view name = pair.substr(0, equals);
    if (name.empty()) continue;
    request.params.emplace_back(url_decode(name, true),
                                equals == std::string_view::npos ? std::string() : url_decode(pair.substr(equals + 1), true));
  }
  return request;
}

}  // namespace fahras::http
