# bash completion for fahras-index and fahras-search.
# Installed as share/bash-completion/completions/fahras-index and .../fahras-search; or source it.
# Plain compgen only, so it works with or without the bash-completion package.

_fahras_complete_dirs() {
  local IFS=$'\n'
  COMPREPLY=($(compgen -d -- "$1"))
  compopt -o filenames 2>/dev/null || true  # outside a completion (tests) there is nothing to set
}

_fahras_complete_files() {
  local IFS=$'\n'
  COMPREPLY=($(compgen -f -- "$1"))
  compopt -o filenames 2>/dev/null || true  # outside a completion (tests) there is nothing to set
}

_fahras_index() {
  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}
  COMPREPLY=()
  case $prev in
    -d|--db) _fahras_complete_dirs "$cur"; return ;;
    --stemmer) COMPREPLY=($(compgen -W 'light snowball none' -- "$cur")); return ;;
    --batch-size|--shards|--lead-words|--threads|--memory) return ;;
  esac
  if [[ $cur == -* ]]; then
    COMPREPLY=($(compgen -W '--db --rebuild --shards --batch-size --threads --memory --no-compact --no-spelling --stemmer --fold-hamza --lead-words --watch --stats --json --help' -- "$cur"))
  else
    _fahras_complete_files "$cur"  # articles: files and folders
  fi
}

_fahras_search() {
  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}
  COMPREPLY=()
  case $prev in
    -d|--db) _fahras_complete_dirs "$cur"; return ;;
    --connect-timeout|--timeout) COMPREPLY=($(compgen -W '500ms 2s 10s' -- "$cur")); return ;;
    --queries|--synonyms) _fahras_complete_files "$cur"; return ;;
    --format) COMPREPLY=($(compgen -W 'text json trec tsv ids count' -- "$cur")); return ;;
    --sort) COMPREPLY=($(compgen -W 'relevance date oldest' -- "$cur")); return ;;
    --color) COMPREPLY=($(compgen -W 'auto always never' -- "$cur")); return ;;
    --serve) COMPREPLY=($(compgen -W '127.0.0.1:8080' -- "$cur")); return ;;
    --since|--until) COMPREPLY=($(compgen -W "$(date +%Y) $(date +%Y-%m) $(date +%Y-%m-%d)" -- "$cur")); return ;;
    -n|--limit|--offset|--snippet-bytes|--run-tag|--show|--answer-end) return ;;
  esac
  if [[ $cur == --* ]]; then
    COMPREPLY=($(compgen -W '--db --queries --answer-end --serve --format --json --ids --count --limit --offset --since
                               --until --sort --all --plain --no-snippets --collapse --no-collapse --fold --no-fold --no-rerank --no-exact-first --snippet-bytes --color --run-tag
                               --synonyms --variants --no-variants --facets --connect-timeout --timeout --allow-partial --show --help' -- "$cur"))
  fi
  # Anything else is query text (a word beginning with a single dash is an exclusion): no completion.
}

complete -F _fahras_index fahras-index
complete -F _fahras_search fahras-search
