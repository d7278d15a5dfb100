#!/usr/bin/env bash
# Installs the build into a temporary prefix as `cmake --install` would install it anywhere, then, with
# nothing but the installed tree:
#   - indexes part of corpus/ with the installed fahras-index;
#   - builds tests/install/consumer (another project) with find_package(Fahras), and again with
#     pkg-config --cflags --libs fahras, and checks that both find what fahras-search finds; the
#     search library's package names neither nlohmann-json nor cpp-httplib nor Boost, so embedders
#     need none of them; the printer component (COMPONENTS printer, fahras-printer.pc) builds too;
#   - checks that the man pages and the bash completion are installed, that they mention every option
#     of --help, and (with groff) that the man pages format without a warning.
# Usage: install_test.sh BUILD_DIR SOURCE_DIR CXX [SANITIZERS]
set -euo pipefail
build=$1 src=$2 cxx=$3 sanitize=${4:-}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
prefix=$tmp/prefix
fail() { echo "install_test: $*" >&2; exit 1; }

cmake --install "$build" --prefix "$prefix" >/dev/null
for f in bin/fahras-index bin/fahras-search share/man/man1/fahras-index.1.gz share/man/man1/fahras-search.1.gz \
         share/bash-completion/completions/fahras-index share/bash-completion/completions/fahras-search \
         include/fahras/analyzer.h include/fahras/indexer.h include/fahras/searcher.h include/fahras/server.h \
         include/fahras/html.h include/fahras/printer.h; do
  [[ -e $prefix/$f ]] || fail "$f was not installed"
done
for f in libfahras_common.a libfahras_indexer.a libfahras_searcher.a libfahras_printer.a libfahras_server.a \
         FahrasConfig.cmake FahrasConfigVersion.cmake FahrasTargets.cmake FahrasPrinterTargets.cmake \
         FahrasServerTargets.cmake fahras.pc fahras-printer.pc; do
  [[ -n $(find "$prefix" -name "$f") ]] || fail "$f was not installed"
done

# A database, by the installed indexer.
"$prefix/bin/fahras-index" --db "$tmp/db" "$src/corpus/ant-v1.1/politic" 2>"$tmp/index.err" \
  || fail "installed fahras-index failed: $(cat "$tmp/index.err")"
query=الانتخابات
expected=$("$prefix/bin/fahras-search" --db "$tmp/db" --ids --limit 3 "$query")
[[ $(wc -l <<<"$expected") == 3 ]] || fail "fahras-search found fewer than 3 articles: $expected"

flags=()
if [[ -n $sanitize ]]; then  # the installed libraries were built with sanitizers: so must their users
  flags=(-fsanitize="$sanitize")
fi

check_consumer() {  # check_consumer HOW BINARY
  local out
  out=$("$2" "$tmp/db" "$query") || fail "$1 consumer failed"
  [[ $(sed -n 1p <<<"$out") =~ ^[0-9]+\ results$ ]] || fail "$1 consumer: no estimate in: $out"
  [[ $(sed -n '2,4p' <<<"$out" | cut -d' ' -f2) == "$expected" ]] \
    || fail "$1 consumer found other articles than fahras-search: $out"
}
check_json_consumer() {  # check_json_consumer HOW BINARY
  local out
  out=$("$2" "$tmp/db" "$query") || fail "$1 json-consumer failed"
  [[ $out == '{"rank":1,"id":"'"$(head -1 <<<"$expected")"'",'* ]] || fail "$1 json-consumer: no match JSON in: $out"
}

# What the search library's package asks of its users: none of the front-ends' dependencies.
for f in FahrasTargets.cmake FahrasTargets-*.cmake fahras.pc; do
  for file in $(find "$prefix" -name "$f"); do
    if grep -qiE 'nlohmann|httplib|boost' "$file"; then fail "$(basename "$file") needs a front-end's dependency"; fi
  done
done

# Another project, with CMake: find_package(Fahras) from the installed tree only.
cmake -S "$src/tests/install/consumer" -B "$tmp/consumer" -DCMAKE_PREFIX_PATH="$prefix" \
      -DCMAKE_FIND_PACKAGE_NO_PACKAGE_REGISTRY=ON -DCMAKE_CXX_COMPILER="$cxx" -DFAHRAS_CONSUMER_PRINTER=ON \
      -DCMAKE_CXX_FLAGS="${flags[*]}" -DCMAKE_EXE_LINKER_FLAGS="${flags[*]}" >"$tmp/cmake.log" 2>&1 \
  || fail "configuring the consumer failed: $(cat "$tmp/cmake.log")"
cmake --build "$tmp/consumer" >"$tmp/build.log" 2>&1 || fail "building the consumer failed: $(cat "$tmp/build.log")"
check_consumer CMake "$tmp/consumer/consumer"
check_json_consumer CMake "$tmp/consumer/json-consumer"

# The same, with pkg-config.
pc_dir=$(dirname "$(find "$prefix" -name fahras.pc)")
read -ra pc <<<"$(PKG_CONFIG_PATH=$pc_dir pkg-config --cflags --libs fahras)" || fail "pkg-config fahras failed"
"$cxx" -std=c++20 "${flags[@]}" "$src/tests/install/consumer/main.cpp" -o "$tmp/consumer-pc" "${pc[@]}" \
  || fail "building the consumer with pkg-config failed"
check_consumer pkg-config "$tmp/consumer-pc"
read -ra pc <<<"$(PKG_CONFIG_PATH=$pc_dir pkg-config --cflags --libs fahras-printer)" || fail "pkg-config fahras-printer failed"
"$cxx" -std=c++20 "${flags[@]}" "$src/tests/install/consumer/json.cpp" -o "$tmp/json-consumer-pc" "${pc[@]}" \
  || fail "building the json consumer with pkg-config failed"
check_json_consumer pkg-config "$tmp/json-consumer-pc"

# Documentation: every option of --help is in the man page and the completion.
completion=$prefix/share/bash-completion/completions/fahras-search
for tool in fahras-index fahras-search; do
  man=$tmp/$tool.1  # installed compressed
  gzip -dc "$prefix/share/man/man1/$tool.1.gz" >"$man" || fail "share/man/man1/$tool.1.gz is not gzip"
  for option in $("$prefix/bin/$tool" --help | grep -oE -- '--[a-z][a-z-]+' | sort -u); do
    grep -qF -- "${option//-/\\-}" "$man" || fail "$option of $tool --help is not in docs/man/$tool.1"
    grep -qE -- "(^|[ '])$option( |'|$)" "$completion" || fail "$option of $tool --help is not in docs/completion/fahras.bash"
  done
  if command -v groff >/dev/null; then
    warnings=$(LC_ALL=C.UTF-8 groff -k -man -Tutf8 -ww -z "$man" 2>&1)
    [[ -z $warnings ]] || fail "docs/man/$tool.1: $warnings"
  fi
done
echo "install_test: installed, and built against: 1 passed, 0 failed"
