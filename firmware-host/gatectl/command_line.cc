#include "firmware-host/gatectl/command_line.h"

#include <algorithm>
#include <optional>

#include "firmware-host/gatectl/command_tree.h"

namespace gate::ctl {
namespace {

bool is_option(const std::string& s) {
  return s.size() > 1 && s[0] == '-';
}

std::vector<CLI::App*> children(CLI::App* node) {
  return node->get_subcommands([](CLI::App*) { return true; });
}

CLI::App* child_named(CLI::App* node, const std::string& name) {
  for (CLI::App* c : children(node)) {
    if (c->get_name() == name) return c;
  }
  return nullptr;
}

// Whether option `name` ("--db") takes a value in the commands under `node`; nullopt where no
// command there has it.
std::optional<bool> takes_value(CLI::App* node, const std::string& name) {
  if (const CLI::Option* o = node->get_option_no_throw(name); o != nullptr && o->nonpositional())
    return o->get_expected_min() > 0;
  for (CLI::App* c : children(node)) {
    if (auto v = takes_value(c, name)) return v;
  }
  return std::nullopt;
}

// argv as the command's words and the rest, in their order: the words may come after options
// ("--from T passages list"), so each option met on the way down is stepped over with its value.
struct Split {
  std::vector<std::string> words;
  std::vector<std::string> rest;
  CLI::App* command = nullptr;  // where the words lead; nullptr: they name no command
};

Split split_words(CLI::App& root, const std::vector<std::string>& argv) {
  Split s;
  s.command = &root;
  for (std::size_t i = 0; i < argv.size(); ++i) {
    const std::string& t = argv[i];
    if (s.command == nullptr || children(s.command).empty()) {
      s.rest.push_back(t);
    } else if (is_option(t)) {
      s.rest.push_back(t);
      if (t.find('=') == std::string::npos && i + 1 < argv.size() &&
          takes_value(s.command, t).value_or(false)) {
        s.rest.push_back(argv[++i]);
      }
    } else {
      s.words.push_back(t);
      s.command = child_named(s.command, t);
    }
  }
  return s;
}

// gatectl's words for what CLI11 found wrong.
std::string what_was_wrong(const CLI::ParseError& e) {
  const std::string what = e.what();
  if (dynamic_cast<const CLI::ArgumentMismatch*>(&e) != nullptr) {
    const auto colon = what.find(':');
    if (colon != std::string::npos && what.rfind("--", 0) == 0) {
      return what.substr(0, colon) + " needs a value";
    }
  }
  return what;
}

// The options, positional arguments and leftovers of the parsed `command` into `a`; Error for
// an option the command does not take, or an argument where it takes none.
Result<Args> collect(CLI::App& command, Args a) {
  bool takes_positional = false;
  for (CLI::Option* o : command.get_options()) {
    if (o == command.get_help_ptr()) continue;
    takes_positional = takes_positional || !o->nonpositional();
    if (o->count() == 0) continue;
    if (!o->nonpositional()) {
      a.positional.insert(a.positional.end(), o->results().begin(), o->results().end());
    } else {
      a.options["--" + o->get_lnames().front()] =
          o->get_expected_min() == 0 ? "1" : o->results().back();
    }
  }
  for (const std::string& r : command.remaining()) {
    if (r == "--") continue;
    if (is_option(r)) {
      return Error{usage_message(a.words, "unknown option " + r.substr(0, r.find('=')))};
    }
    if (!takes_positional) {
      return Error{usage_message(a.words, "unexpected argument '" + r + "'")};
    }
    a.positional.push_back(r);
  }
  return a;
}

bool asks_for_help(const std::vector<std::string>& args) {
  return std::any_of(args.begin(), args.end(),
                     [](const std::string& s) { return s == "--help" || s == "-h"; });
}

}  // namespace

std::string usage_message(const std::vector<std::string>& words, const std::string& what) {
  std::string command = "gatectl";
  for (const auto& w : words) command += " " + w;
  return command + ": " + what + "; see '" + command + " --help'";
}

Result<Args> parse_args(const std::vector<std::string>& argv) {
  if (!argv.empty() && argv[0] == "help") {  // "gatectl help [COMMAND...]"
    auto a = parse_args(std::vector<std::string>(argv.begin() + 1, argv.end()));
    if (a.ok()) a.value().help = true;
    return a;
  }
  auto tree = make_command_tree();
  Split s = split_words(*tree, argv);
  Args a;
  a.words = s.words;
  if (s.command == nullptr) {  // run_command says which commands there are
    a.positional = s.rest;
    return a;
  }
  if (!children(s.command).empty()) {  // gatectl, or a group such as "gatectl ledger"
    a.help = asks_for_help(s.rest);
    for (const std::string& r : s.rest) {
      const std::string name = r.substr(0, r.find('='));
      if (!a.help && is_option(r) && !takes_value(s.command, name).has_value()) {
        return Error{usage_message(a.words, "unknown option " + name)};
      }
    }
    a.positional = s.rest;  // run_command asks which command
    return a;
  }
  std::vector<std::string> reversed(s.rest.rbegin(), s.rest.rend());
  reversed.insert(reversed.end(), s.words.rbegin(), s.words.rend());
  try {
    tree->parse(reversed);
  } catch (const CLI::CallForHelp&) {
    a.help = true;
    return a;
  } catch (const CLI::ParseError& e) {
    return Error{usage_message(a.words, what_was_wrong(e))};
  }
  return collect(*s.command, std::move(a));
}

std::string help_text(const std::vector<std::string>& words) {
  auto tree = make_command_tree();
  CLI::App* node = tree.get();
  for (const auto& w : words) {
    node = child_named(node, w);
    if (node == nullptr) return tree->help();
  }
  return node->help();
}

}  // namespace gate::ctl
