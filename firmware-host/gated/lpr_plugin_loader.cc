// Loading the plate-recognition plugin: see lpr_plugin_loader.h.
#include "firmware-host/gated/lpr_plugin_loader.h"

#include <dlfcn.h>

#include <filesystem>
#include <mutex>
#include <system_error>

namespace gate::host {
namespace {

using EntryFunction = const LprPluginEntry* (*)();

std::string dl_error_text() {
  const char* e = dlerror();
  return e != nullptr ? e : "unknown dlopen error";
}

}  // namespace

std::vector<std::string> lpr_plugin_candidates() {
  std::vector<std::string> out;
  std::error_code ec;
  const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) out.push_back((exe.parent_path() / kLprPluginFileName).string());
  out.emplace_back(kInstalledLprPluginPath);
  return out;
}

Result<const LprPluginEntry*> load_lpr_plugin_from(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return Error{path + ": no such file"};
  // RTLD_LOCAL: the plugin's libraries (OpenCV and what it pulls) serve the plugin only.
  // Never dlclose'd: its threads and renderers live as long as gated.
  void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) return Error{path + ": cannot be loaded: " + dl_error_text()};
  auto entry_fn = reinterpret_cast<EntryFunction>(dlsym(handle, kLprPluginEntrySymbol));
  if (entry_fn == nullptr) {
    return Error{path + ": not a gate plate-recognition plugin (no " +
                 std::string(kLprPluginEntrySymbol) + ")"};
  }
  const LprPluginEntry* entry = entry_fn();
  if (entry == nullptr || entry->interface_version != kLprPluginInterface ||
      std::string(entry->build_version) != GATE_PROJECT_VERSION || entry->make_camera == nullptr) {
    return Error{path + ": built for another version of gated (plugin " +
                 std::string(entry != nullptr ? entry->build_version : "?") + ", gated " +
                 GATE_PROJECT_VERSION + ")"};
  }
  return entry;
}

Result<const LprPluginEntry*> load_lpr_plugin() {
  static std::once_flag once;
  static Result<const LprPluginEntry*> loaded = Error{"not loaded"};
  std::call_once(once, [] {
    std::string tried;
    for (const auto& path : lpr_plugin_candidates()) {
      auto entry = load_lpr_plugin_from(path);
      if (entry.ok()) {
        loaded = entry;
        return;
      }
      tried += (tried.empty() ? "" : "; ") + entry.error();
    }
    loaded = Error{"the plate-recognition plugin " + std::string(kLprPluginFileName) +
                   " that lanes with an lpr_camera need was not found or did not load (" + tried +
                   "); reinstall the gate-controller package, which puts it in /usr/lib/gate/, "
                   "or remove lpr_camera from the lane's configuration"};
  });
  return loaded;
}

}  // namespace gate::host
