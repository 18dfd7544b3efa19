#include "firmware-host/gatectl/command_help.h"

#include <sstream>
#include <vector>

namespace gate::ctl {
namespace {

std::string first_line(const std::string& text) {
  return text.substr(0, text.find('\n'));
}

// The commands under `node`, depth first, in the order they were declared.
void collect_leaves(const CLI::App* node, std::vector<const CLI::App*>* leaves) {
  auto subs = node->get_subcommands([](const CLI::App*) { return true; });
  if (subs.empty()) leaves->push_back(node);
  for (const CLI::App* s : subs) collect_leaves(s, leaves);
}

}  // namespace

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
  out << make_usage(app, name) << "\n" << app->get_description() << "\n\n";
  out << make_positionals(app) << make_groups(app, mode) << make_subcommands(app, mode);
  return out.str();
}

std::string CommandHelp::make_usage(const CLI::App* app, std::string) const {
  const std::string synopsis = synopsis_of(app);
  return "usage: gatectl " + command_path(app) + (synopsis.empty() ? "" : " " + synopsis) + "\n";
}

std::string CommandHelp::make_subcommand(const CLI::App* sub) const {
  return "  " + sub->get_name() + " " + synopsis_of(sub) + "\n      " +
         first_line(sub->get_description()) + "\n";
}

std::string CommandHelp::overview(const CLI::App* root) const {
  std::vector<const CLI::App*> leaves;
  collect_leaves(root, &leaves);
  std::ostringstream out;
  out << "usage: gatectl COMMAND [options]\n\n" << root->get_description() << "\n\nCommands:\n";
  for (const CLI::App* leaf : leaves) {
    out << "  " << command_path(leaf) << " " << synopsis_of(leaf) << "\n      "
        << first_line(leaf->get_description()) << "\n";
  }
  out << "\n" << root->get_footer() << "\n";
  return out.str();
}

}  // namespace gate::ctl
