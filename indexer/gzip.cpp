// gunzip(): gzip decompression in memory with zlib, capped so that a small file cannot exhaust memory.
#include <zlib.h>

#include <algorithm>
#include <climits>
#include <memory>

#include "fahras/reader.h"

namespace fahras {
namespace {

constexpr std::size_t kMiB = std::size_t{1} << 20;

std::string size_text(std::size_t bytes) {
  return bytes % kMiB == 0 ? std::to_string(bytes / kMiB) + " MiB" : std::to_string(bytes) + " bytes";
}

bool has_gzip_magic(std::string_view data) {
  return data.size() >= 2 && static_cast<unsigned char>(data[0]) == 0x1F &&
         static_cast<unsigned char>(data[1]) == 0x8B;
}

struct InflateEnd {
  void operator()(z_stream* stream) const { inflateEnd(stream); }
};

}  // namespace

std::string gunzip(std::string_view data, std::size_t max_bytes, std::string& out) {
  out.clear();
  if (!has_gzip_magic(data)) return "not gzip (no gzip header)";
  z_stream stream{};
  if (inflateInit2(&stream, 16 + MAX_WBITS) != Z_OK) return "gzip: zlib cannot start (out of memory?)";
  const std::unique_ptr<z_stream, InflateEnd> guard(&stream);

  std::size_t fed = 0;  // bytes of `data` handed to zlib so far (avail_in is 32 bits wide)
  const auto feed = [&] {
    const std::size_t chunk = std::min<std::size_t>(data.size() - fed, UINT_MAX);
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data() + fed));
    stream.avail_in = static_cast<uInt>(chunk);
    fed += chunk;
  };
  feed();
  unsigned char buffer[1 << 16];
  while (true) {
    if (stream.avail_in == 0 && fed < data.size()) feed();
    stream.next_out = buffer;
    stream.avail_out = sizeof buffer;
    const int status = inflate(&stream, Z_NO_FLUSH);
    const std::size_t produced = sizeof buffer - stream.avail_out;
    if (produced > max_bytes - out.size()) {
      out.append(reinterpret_cast<const char*>(buffer), max_bytes - out.size());
      std::string message = "gzip decompresses to over ";
      message += size_text(max_bytes);
      message += " (a decompression bomb?), not read";
      return message;
    }
    out.append(reinterpret_cast<const char*>(buffer), produced);
    switch (status) {
      case Z_OK:
        break;
      case Z_STREAM_END: {
        const std::string_view rest = data.substr(fed - stream.avail_in);
        if (rest.empty()) return {};
        // gzip concatenates members; tar and some tools pad with zeros, which gzip ignores too.
        if (std::all_of(rest.begin(), rest.end(), [](char c) { return c == '\0'; })) return {};
        if (!has_gzip_magic(rest)) return "corrupt gzip: data after the end of the compressed stream";
        if (inflateReset(&stream) != Z_OK) return "corrupt gzip: cannot read the next member";
        break;
      }
      case Z_BUF_ERROR:  // no progress possible without more input
        if (stream.avail_in == 0 && fed < data.size()) break;
        return stream.avail_in == 0 ? "truncated gzip (ends inside compressed data)"
                                    : "corrupt gzip: zlib made no progress";
      case Z_MEM_ERROR:
        return "gzip: out of memory";
      default:  // Z_DATA_ERROR, Z_NEED_DICT, Z_STREAM_ERROR
        return std::string("corrupt gzip: ") + (stream.msg ? stream.msg : zError(status));
    }
  }
}

}  // namespace fahras
