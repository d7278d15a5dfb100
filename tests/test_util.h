// Helpers shared by the end-to-end tests: temporary folders and running the binaries.
#pragma once

#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace fahras::test {

inline std::filesystem::path source_dir() { return FAHRAS_SOURCE_DIR; }
inline std::filesystem::path corpus_dir() { return source_dir() / "corpus"; }

// A fresh folder under the system temporary folder, removed with everything in it at destruction.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "fahras-test-XXXXXX").string();
    if (!mkdtemp(pattern.data())) std::abort();
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

struct RunResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

inline std::string slurp(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

inline void write_file(const std::filesystem::path& path, const std::string& content) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << content;
}

// `program` started with `args` (no shell) in the background, in `cwd` when given, with `env`
// ("NAME=value" entries) added to its environment, its standard output and error going to files.
// Killed (SIGKILL) and reaped at destruction if still running.
class Child {
 public:
  Child(const std::string& program, const std::vector<std::string>& args,
        const std::filesystem::path& cwd = {}, const std::vector<std::string>& env = {})
      : out_path_((tmp_ / "out").string()), err_path_((tmp_ / "err").string()) {
    pid_ = fork();
    if (pid_ == 0) {
      if (!freopen(out_path_.c_str(), "w", stdout) || !freopen(err_path_.c_str(), "w", stderr)) _exit(127);
      if (!cwd.empty() && chdir(cwd.c_str()) != 0) _exit(127);
      for (const std::string& entry : env) {
        const std::size_t eq = entry.find('=');
        if (setenv(entry.substr(0, eq).c_str(), entry.substr(eq + 1).c_str(), 1) != 0) _exit(127);
      }
      std::vector<char*> argv{const_cast<char*>(program.c_str())};
      for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
      argv.push_back(nullptr);
      execv(program.c_str(), argv.data());
      _exit(127);
    }
  }
  ~Child() {
    if (pid_ > 0 && running()) {
      kill(pid_, SIGKILL);
      wait();
    }
  }
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;

  // Returns true iff the program has not exited yet.
  bool running() {
    if (exited_) return false;
    if (waitpid(pid_, &status_, WNOHANG) == pid_) exited_ = true;
    return !exited_;
  }
  void signal(int sig) const { kill(pid_, sig); }
  // Waits until the program stops itself (SIGSTOP: fahras-index's FAHRAS_INDEX_STOP_AT, in
  // indexer/stop_points.h) or ends. Returns true iff it stopped; resume() lets it go on.
  bool wait_stopped() {
    if (exited_) return false;
    if (waitpid(pid_, &status_, WUNTRACED) == pid_ && WIFSTOPPED(status_)) return true;
    exited_ = true;
    return false;
  }
  void resume() const { kill(pid_, SIGCONT); }
  // Without waiting: whether the program runs, has stopped itself since the last call (reported
  // once per stop), or has ended.
  enum class State { kRunning, kStopped, kExited };
  State state() {
    if (exited_) return State::kExited;
    if (waitpid(pid_, &status_, WNOHANG | WUNTRACED) != pid_) return State::kRunning;
    if (WIFSTOPPED(status_)) return State::kStopped;
    exited_ = true;
    return State::kExited;
  }
  pid_t pid() const { return pid_; }
  // Waits for the program to end; exit_code is 128 + the signal when a signal ended it.
  RunResult wait() {
    if (!exited_) waitpid(pid_, &status_, 0);
    exited_ = true;
    RunResult r;
    r.exit_code = WIFEXITED(status_) ? WEXITSTATUS(status_) : 128 + WTERMSIG(status_);
    r.out = slurp(out_path_);
    r.err = slurp(err_path_);
    return r;
  }

 private:
  TempDir tmp_;
  std::string out_path_, err_path_;
  pid_t pid_ = -1;
  int status_ = 0;
  bool exited_ = false;
};

// `program` started with `args` (no shell) with its standard input, output and error on pipes that
// stay open: the test writes to it and reads what it answers, waiting for events (poll), never for
// a guessed time. Killed (SIGKILL) and reaped at destruction if still running.
class PipedChild {
 public:
  PipedChild(const std::string& program, const std::vector<std::string>& args) {
    std::signal(SIGPIPE, SIG_IGN);  // a child that died makes write() fail, not the test process
    int in[2], out[2], err[2];
    if (pipe2(in, O_CLOEXEC) != 0 || pipe2(out, O_CLOEXEC) != 0 || pipe2(err, O_CLOEXEC) != 0) std::abort();
    pid_ = fork();
    if (pid_ == 0) {
      if (dup2(in[0], 0) < 0 || dup2(out[1], 1) < 0 || dup2(err[1], 2) < 0) _exit(127);
      std::vector<char*> argv{const_cast<char*>(program.c_str())};
      for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
      argv.push_back(nullptr);
      execv(program.c_str(), argv.data());
      _exit(127);
    }
    close(in[0]);
    close(out[1]);
    close(err[1]);
    in_ = in[1];
    fds_[0] = out[0];
    fds_[1] = err[0];
  }
  ~PipedChild() {
    if (!exited_) {
      kill(pid_, SIGKILL);
      wait();
    }
    for (int fd : {in_, fds_[0], fds_[1]}) {
      if (fd >= 0) close(fd);
    }
  }
  PipedChild(const PipedChild&) = delete;
  PipedChild& operator=(const PipedChild&) = delete;

  // Writes all of `text` to the program's standard input. Returns false when it cannot (the program
  // has closed it or ended).
  bool write(std::string_view text) {
    while (!text.empty()) {
      const ssize_t n = ::write(in_, text.data(), text.size());
      if (n <= 0) return false;
      text.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
  }
  void close_input() {
    close(in_);
    in_ = -1;
  }
  // Reads the program's output and error as they come until `done(out, err)` holds (checked on what
  // has arrived so far) or `timeout` passes or both pipes end. Returns true iff `done` held.
  bool read_until(const std::function<bool(const std::string& out, const std::string& err)>& done,
                  std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!done(out_, err_)) {
      pollfd p[2] = {{fds_[0], POLLIN, 0}, {fds_[1], POLLIN, 0}};
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0 || (fds_[0] < 0 && fds_[1] < 0)) return false;
      if (poll(p, 2, static_cast<int>(left.count())) < 0) return false;
      for (int i = 0; i < 2; ++i) {
        if (fds_[i] < 0 || !(p[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
        char buffer[65536];
        const ssize_t n = read(fds_[i], buffer, sizeof buffer);
        if (n <= 0) {
          close(fds_[i]);
          fds_[i] = -1;
        } else {
          (i == 0 ? out_ : err_).append(buffer, static_cast<std::size_t>(n));
        }
      }
    }
    return true;
  }
  // What the program has written so far (read_until reads it); a test may erase what it has seen.
  std::string& out() { return out_; }
  std::string& err() { return err_; }
  void signal(int sig) const { kill(pid_, sig); }
  // Reads the rest of the output (up to `timeout`), then waits for the program to end. Returns its
  // exit code, 128 + the signal when a signal ended it, or -1 when its output did not end in time
  // (it is then killed).
  int wait(std::chrono::milliseconds timeout = std::chrono::seconds(60)) {
    const bool ended = read_until([](const std::string&, const std::string&) { return false; }, timeout) ||
                       (fds_[0] < 0 && fds_[1] < 0);
    if (!ended) kill(pid_, SIGKILL);
    int status = 0;
    waitpid(pid_, &status, 0);
    exited_ = true;
    if (!ended) return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }

 private:
  pid_t pid_ = -1;
  int in_ = -1;
  int fds_[2] = {-1, -1};
  std::string out_, err_;
  bool exited_ = false;
};

// Runs `program` with `args` (no shell), capturing its standard output and error.
inline RunResult run(const std::string& program, const std::vector<std::string>& args,
                     const std::filesystem::path& cwd = {}) {
  return Child(program, args, cwd).wait();
}

// The same, killing the program (SIGKILL; exit_code is then 128 + 9) if it still runs after `timeout`.
inline RunResult run(const std::string& program, const std::vector<std::string>& args,
                     std::chrono::milliseconds timeout) {
  Child child(program, args);
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (child.running()) {
    if (std::chrono::steady_clock::now() > deadline) {
      child.signal(SIGKILL);
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return child.wait();
}

inline RunResult run_index(const std::vector<std::string>& args, const std::filesystem::path& cwd = {}) {
  return run(FAHRAS_INDEX_BIN, args, cwd);
}
inline RunResult run_search(const std::vector<std::string>& args) { return run(FAHRAS_SEARCH_BIN, args); }

}  // namespace fahras::test
