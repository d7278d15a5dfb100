#!/usr/bin/env bash
# Tests docs/completion/fahras.bash as bash runs it: COMP_WORDS in, COMPREPLY out.
# Usage: completion_test.sh docs/completion/fahras.bash
set -uo pipefail
source "$1"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/news.db" "$tmp/notes"
touch "$tmp/news.txt"
cd "$tmp" || exit 1

passed=0 failed=0
expect() {  # expect WANTED FUNCTION WORD...: completing the last word gives WANTED (sorted, spaced)
  local want=$1 fn=$2
  shift 2
  COMP_WORDS=("$@")
  COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
  COMPREPLY=()
  "$fn"
  local got
  got=$(printf '%s\n' "${COMPREPLY[@]}" | sort | xargs)
  if [[ $got == "$want" ]]; then
    passed=$((passed + 1))
  else
    echo "completing '$*': got '$got', want '$want'" >&2
    failed=$((failed + 1))
  fi
}

expect '--limit' _fahras_search fahras-search --li
expect '--show' _fahras_search fahras-search --sh
expect '--answer-end' _fahras_search fahras-search --an
expect '' _fahras_search fahras-search --db news.db --show n
expect '--serve' _fahras_search fahras-search --se
expect '--sort' _fahras_search fahras-search --so
expect 'news.db notes' _fahras_search fahras-search --db n
expect 'news.db notes' _fahras_search fahras-search -d n
expect 'news.db' _fahras_search fahras-search --db news.db --queries news.d
expect 'date oldest relevance' _fahras_search fahras-search --sort ''
expect 'json' _fahras_search fahras-search --format j
expect 'always auto never' _fahras_search fahras-search --color ''
expect '127.0.0.1:8080' _fahras_search fahras-search --db news.db --serve ''
expect '' _fahras_search fahras-search --db news.db الانتخابات
expect '' _fahras_search fahras-search --db news.db -تونس
expect 'news.db notes' _fahras_index fahras-index --db n
expect 'snowball' _fahras_index fahras-index --stemmer s
expect '--rebuild' _fahras_index fahras-index --re
expect '--watch' _fahras_index fahras-index --wa
expect '--stats' _fahras_index fahras-index --sta
expect 'news.db news.txt notes' _fahras_index fahras-index --db news.db n
[[ $(complete -p fahras-search) == *_fahras_search* ]] && passed=$((passed + 1)) || failed=$((failed + 1))
echo "completion_test: $passed passed, $failed failed"
((failed == 0))
