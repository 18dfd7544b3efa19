#include "firmware-host/gatectl/command_help.h"

#include <sstream>
#include <vector>

namespace gate::ctl {
namespace {

constexpr std::size_t kWidth = 78;

// Columns on a terminal: a CJK character takes two.
std::size_t columns(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) == 0x80 ? 0 : (c >= 0xE0 ? 2 : 1);
  return n;
}

// `text` broken at spaces into lines of at most kWidth columns; each of text's own lines starts
// with `indent`, the lines that continue it with `more`.
std::string wrap(const std::string& text, const std::string& indent, const std::string& more) {
  std::string out;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    std::istringstream words(line);
    std::string current = indent;
    bool empty = true;
    for (std::string w; words >> w;) {
      if (!empty && columns(current) + 1 + columns(w) > kWidth) {
        out += current + "\n";
        current = more;
        empty = true;
      }
      current += (empty ? "" : " ") + w;
      empty = false;
    }
    out += current + "\n";
  }
  return out;
}

std::string first_line(const std::string& text) {
  return text.substr(0, text.find('\n'));
}

}  // namespace

std::vector<const CLI::App*> command_leaves(const CLI::App* node) {
  auto subs = node->get_subcommands([](const CLI::App*) { return true; });
  if (subs.empty()) return {node};
  std::vector<const CLI::App*> leaves;
  for (const CLI::App* s : subs) {
    auto below = command_leaves(s);
    leaves.insert(leaves.end(), below.begin(), below.end());
  }
  return leaves;
}

std::string command_path(const CLI::App* command) {
  std::string path;
  for (const CLI::App* a = command; a != nullptr && a->get_parent() != nullptr;
       a = a->get_parent()) {
    path = a->get_name() + (path.empty() ? "" : " " + path);
  }
  return path;
}

void CommandHelp::set_synopsis(const CLI::App* command, std::string synopsis) {
  synopses_[command] = std::move(synopsis);
}

std::string CommandHelp::synopsis_of(const CLI::App* command) const {
  auto it = synopses_.find(command);
  return it == synopses_.end() ? std::string() : it->second;
}

std::string CommandHelp::make_help(const CLI::App* app, std::string name,
                                   CLI::AppFormatMode mode) const {
  if (app->get_parent() == nullptr) return overview(app);
  if (mode == CLI::AppFormatMode::Sub) return make_expanded(app);
  std::ostringstream out;
  out << make_usage(app, name) << "\n" << wrap(app->get_description(), "", "");
  out << make_positionals(app) << make_groups(app, mode) << make_subcommands(app, mode);
  return out.str();
}

std::string CommandHelp::make_usage(const CLI::App* app, std::string) const {
  const std::string synopsis = synopsis_of(app);
  return wrap("usage: gatectl " + command_path(app) + (synopsis.empty() ? "" : " " + synopsis), "",
              "    ");
}

std::string CommandHelp::make_subcommand(const CLI::App* sub) const {
  return wrap(sub->get_name() + " " + synopsis_of(sub), "  ", "        ") +
         wrap(first_line(sub->get_description()), "      ", "      ");
}

std::string CommandHelp::overview(const CLI::App* root) const {
  std::ostringstream out;
  out << "usage: gatectl COMMAND [options]\n\n"
      << wrap(root->get_description(), "", "") << "\nCommands:\n";
  for (const CLI::App* leaf : command_leaves(root)) {
    out << wrap(command_path(leaf) + " " + synopsis_of(leaf), "  ", "        ")
        << wrap(first_line(leaf->get_description()), "      ", "      ");
  }
  out << "\n" << wrap(root->get_footer(), "", "");
  return out.str();
}

}  // namespace gate::ctl
