// The built gatectl's command line: every command and group of commands answers --help with
// its usage on stdout and exit 0; an unknown option, a missing required option, a missing value
// and a bad value all answer in one form on stderr with exit 2.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "tests/support/process.h"

namespace gate::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::StartsWith;

const std::string kBin = GATE_BIN_DIR;

struct Command {
  std::string path;                  // the words, e.g. "ledger import"
  std::vector<std::string> options;  // what its --help must list (positionals by name)
};

const std::vector<Command>& commands() {
  static const std::vector<Command> all = {
      {"ledger import",
       {"--db", "--config", "--skip-invalid", "--docs-dir", "--operator", "LEDGER"}},
      {"ledger list", {"--db", "--config"}},
      {"ledger suspend", {"--db", "--config", "--plate", "--reason", "--operator"}},
      {"ledger reinstate", {"--db", "--config", "--plate", "--reason", "--operator"}},
      {"ledger history", {"--db", "--config", "--plate", "--code"}},
      {"ledger attach",
       {"--db", "--config", "--plate", "--code", "--kind", "--operator", "--docs-dir", "IMAGE"}},
      {"ledger documents", {"--db", "--config", "--plate", "--code", "--docs-dir"}},
      {"passages list",
       {"--db", "--config", "--from", "--to", "--plate", "--decision", "--format", "--limit",
        "--utc-offset"}},
      {"passages summary", {"--db", "--config"}},
      {"config check", {"FILE"}},
      {"sync status", {"--db", "--config", "--format", "--utc-offset"}},
      {"sync requeue", {"--db", "--config"}},
      {"policy check", {"FILE", "--config"}},
      {"policy explain", {"--plate", "--config", "--at", "--alert", "--policy"}},
      {"policy replay", {"--from", "--to", "--policy", "--config", "--limit"}},
      {"release", {"--lane", "--operator", "--reason", "--config", "--api", "--token"}},
      {"verify", {"--db", "--pubkey", "--from", "--to", "--photos", "--utc-offset"}},
      {"audit sample",
       {"--db", "--config", "--n", "--seed", "--from", "--to", "--photos", "--docs-dir"}},
      {"audit days", {"--db", "--config", "--from", "--to", "--svg"}},
      {"audit export", {"--db", "--config", "--out", "--from", "--to", "--photos", "--docs-dir"}},
      {"user add", {"--db", "--config", "--name", "--role", "--password-file"}},
      {"user passwd", {"--db", "--config", "--name", "--password-file"}},
      {"user list", {"--db", "--config"}},
      {"user disable", {"--db", "--config", "--name"}},
      {"user enable", {"--db", "--config", "--name"}},
      {"lpr read",
       {"IMAGE", "--json", "--model", "--local-province", "--local-province-weight",
        "--rare-colour-weight"}},
      {"lpr eval",
       {"DIR", "--json", "--per-image", "--model", "--local-province", "--local-province-weight",
        "--label-corrections", "--rare-colour-weight"}},
  };
  return all;
}

std::vector<std::string> words_of(const std::string& path) {
  std::vector<std::string> words;
  std::istringstream in(path);
  for (std::string w; in >> w;) words.push_back(w);
  return words;
}

struct CliRun {
  int rc = -1;
  std::string out, err;
};

class GatectlCliTest : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = make_temp_dir(); }
  void TearDown() override { remove_tree(dir_); }

  // gatectl with `path`'s words, then `extra`; stdout and stderr apart.
  CliRun gatectl(const std::string& path, const std::vector<std::string>& extra = {}) {
    std::vector<std::string> argv{kBin + "/gatectl"};
    for (const auto& w : words_of(path)) argv.push_back(w);
    argv.insert(argv.end(), extra.begin(), extra.end());
    CliRun r;
    {
      ChildProcess p(argv, dir_ + "/out", dir_ + "/err");
      r.rc = p.wait(30000);
    }
    r.out = read_file(dir_ + "/out");
    r.err = read_file(dir_ + "/err");
    return r;
  }

  std::string dir_;
};

TEST_F(GatectlCliTest, EveryCommandsHelpNamesItsOptionsAndExitsZero) {
  for (const auto& c : commands()) {
    for (const char* help : {"--help", "-h"}) {
      CliRun r = gatectl(c.path, {help});
      EXPECT_EQ(r.rc, 0) << c.path << " " << help << ": " << r.err;
      EXPECT_THAT(r.out, StartsWith("usage: gatectl " + c.path)) << c.path;
      EXPECT_THAT(r.err, IsEmpty()) << c.path;
      for (const auto& o : c.options) {
        EXPECT_THAT(r.out, HasSubstr("\n  " + o + " ")) << c.path << " --help lists no " << o;
      }
    }
  }
}

TEST_F(GatectlCliTest, HelpComesFirstWhateverElseIsOnTheLine) {
  CliRun r = gatectl("sync status", {"--db", dir_ + "/gate.db", "--help"});
  EXPECT_EQ(r.rc, 0);
  EXPECT_THAT(r.out, StartsWith("usage: gatectl sync status"));
  CliRun word = gatectl("help", {"policy", "replay"});
  EXPECT_EQ(word.rc, 0);
  EXPECT_THAT(word.out, StartsWith("usage: gatectl policy replay"));
}

TEST_F(GatectlCliTest, GroupHelpListsItsCommands) {
  for (const auto& group :
       {"ledger", "passages", "config", "sync", "policy", "audit", "user", "lpr"}) {
    CliRun r = gatectl(group, {"--help"});
    EXPECT_EQ(r.rc, 0) << group;
    for (const auto& c : commands()) {
      if (c.path.rfind(std::string(group) + " ", 0) != 0) continue;
      EXPECT_THAT(r.out, HasSubstr("\n  " + c.path.substr(c.path.find(' ') + 1) + " "))
          << group << " --help lists no " << c.path;
    }
  }
}

TEST_F(GatectlCliTest, OverviewListsEveryCommand) {
  for (const char* help : {"--help", "-h", "help"}) {
    CliRun r = gatectl("", {help});
    EXPECT_EQ(r.rc, 0) << help;
    for (const auto& c : commands()) {
      EXPECT_THAT(r.out, HasSubstr("\n  " + c.path + " ")) << help << " lists no " << c.path;
    }
  }
  CliRun bare = gatectl("");
  EXPECT_EQ(bare.rc, 2) << "no command is a failed run";
  EXPECT_THAT(bare.out, StartsWith("usage: gatectl COMMAND"));
}

TEST_F(GatectlCliTest, UnknownOptionIsOneFormForEveryCommand) {
  for (const auto& c : commands()) {
    for (const char* bad : {"--no-such-option", "--no-such-option=1"}) {
      CliRun r = gatectl(c.path, {bad});
      EXPECT_EQ(r.rc, 2) << c.path << " " << bad;
      EXPECT_EQ(r.err, "gatectl " + c.path + ": unknown option --no-such-option; see 'gatectl " +
                           c.path + " --help'\n");
      EXPECT_THAT(r.out, IsEmpty()) << c.path;
    }
  }
}

TEST_F(GatectlCliTest, UnknownOptionBeforeAnyCommandIsTheSameForm) {
  for (const std::string group :
       {"", "ledger", "passages", "config", "sync", "policy", "audit", "user", "lpr"}) {
    const std::string command = group.empty() ? "gatectl" : "gatectl " + group;
    CliRun r = gatectl(group, {"--no-such-option"});
    EXPECT_EQ(r.rc, 2) << command;
    EXPECT_EQ(r.err, command + ": unknown option --no-such-option; see '" + command + " --help'\n");
  }
}

TEST_F(GatectlCliTest, AnOptionOfAnotherCommandIsUnknownHere) {
  CliRun r = gatectl("ledger list", {"--db", dir_ + "/gate.db", "--pubkey", "k.pub"});
  EXPECT_EQ(r.rc, 2);
  EXPECT_EQ(r.err,
            "gatectl ledger list: unknown option --pubkey; see 'gatectl ledger list --help'\n");
}

TEST_F(GatectlCliTest, AStrayArgumentIsAnErrorEvenWhenItNamesAnotherCommand) {
  for (const char* stray : {"import", "extra"}) {
    CliRun r = gatectl("ledger list", {"--db", dir_ + "/gate.db", stray});
    EXPECT_EQ(r.rc, 2) << stray;
    EXPECT_EQ(r.err, "gatectl ledger list: unexpected argument '" + std::string(stray) +
                         "'; see 'gatectl ledger list --help'\n");
  }
}

TEST_F(GatectlCliTest, MissingRequiredOptionIsNamed) {
  const std::string db = dir_ + "/gate.db";
  const struct {
    std::string path;
    std::vector<std::string> args;
    std::string missing;
  } cases[] = {
      {"ledger list", {}, "--db"},
      {"passages summary", {}, "--db"},
      {"sync status", {}, "--db"},
      {"ledger suspend", {"--db", db, "--reason", "r"}, "--plate"},
      {"ledger history", {"--db", db}, "--plate"},
      {"ledger attach", {"--db", db, "--plate", "豫H12345", "x.jpg"}, "--kind"},
      {"policy explain", {}, "--plate"},
      {"policy replay", {"--to", "2026-11-22"}, "--from"},
      {"release", {"--operator", "王工", "--reason", "r"}, "--lane"},
      {"verify", {"--db", db}, "--pubkey"},
      {"audit export", {"--db", db}, "--out"},
      {"user add", {"--db", db, "--role", "admin"}, "--name"},
  };
  for (const auto& c : cases) {
    CliRun r = gatectl(c.path, c.args);
    EXPECT_EQ(r.rc, 2) << c.path;
    EXPECT_THAT(r.err, StartsWith("gatectl " + c.path + ": ")) << c.path;
    EXPECT_THAT(r.err, HasSubstr(c.missing)) << c.path;
    EXPECT_THAT(r.err, HasSubstr("; see 'gatectl " + c.path + " --help'\n")) << c.path;
  }
}

TEST_F(GatectlCliTest, MissingValueAndBadValueAreTheSameForm) {
  CliRun none = gatectl("passages list", {"--db"});
  EXPECT_EQ(none.rc, 2);
  EXPECT_EQ(none.err,
            "gatectl passages list: --db needs a value; see 'gatectl passages list --help'\n");
  const std::string db = dir_ + "/gate.db";
  const struct {
    std::string path;
    std::vector<std::string> args;
    std::string named;
  } cases[] = {
      {"passages list", {"--db", db, "--format", "xml"}, "--format"},
      {"passages list", {"--db", db, "--decision", "maybe"}, "--decision"},
      {"passages list", {"--db", db, "--utc-offset", "east"}, "--utc-offset"},
      {"sync status", {"--db", db, "--format", "xml"}, "--format"},
      {"audit sample", {"--db", db, "--n", "ten"}, "--n"},
      {"user add", {"--db", db, "--name", "x", "--role", "king"}, "--role"},
      {"ledger attach",
       {"--db", db, "--plate", "豫H12345", "--kind", "passport", "x.jpg"},
       "passport"},
  };
  for (const auto& c : cases) {
    CliRun r = gatectl(c.path, c.args);
    EXPECT_EQ(r.rc, 2) << c.path << " " << c.named;
    EXPECT_THAT(r.err, StartsWith("gatectl " + c.path + ": ")) << c.path;
    EXPECT_THAT(r.err, HasSubstr(c.named)) << c.path;
    EXPECT_THAT(r.err, HasSubstr("; see 'gatectl " + c.path + " --help'\n")) << c.path;
  }
}

TEST_F(GatectlCliTest, UnknownCommandSaysWhereToLook) {
  CliRun r = gatectl("passages delete");
  EXPECT_EQ(r.rc, 2);
  EXPECT_EQ(r.err,
            "gatectl passages: unknown command 'passages delete'; see 'gatectl passages --help'\n");
  CliRun top = gatectl("frobnicate");
  EXPECT_EQ(top.rc, 2);
  EXPECT_EQ(top.err, "gatectl: unknown command 'frobnicate'; see 'gatectl --help'\n");
  CliRun group = gatectl("ledger");
  EXPECT_EQ(group.rc, 2);
  EXPECT_THAT(group.err, StartsWith("gatectl ledger: which command? import, list,"));
}

TEST_F(GatectlCliTest, OptionsMayComeBeforeTheCommandWords) {
  const std::string db = dir_ + "/gate.db";
  CliRun r = gatectl("", {"--db", db, "passages", "--format=csv", "list", "--limit", "5"});
  EXPECT_EQ(r.rc, 0) << r.err;
  EXPECT_THAT(r.out, StartsWith("seq,time,lane,plate,"));
}

}  // namespace
}  // namespace gate::testing
