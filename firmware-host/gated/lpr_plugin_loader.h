// Finding and loading gated's plate-recognition plugin (lpr_camera_plugin.h) the first time a lane
// with an lpr_camera is wired. It is looked for next to the running executable first (the build
// tree's bin/, where CMake puts it beside gated), then where the .deb installs it
// (/usr/lib/gate/gate-lpr-plugin.so). Once loaded it stays loaded: the cameras' threads and the
// evidence renderers they hand out run its code until gated exits.
#pragma once

#include <string>
#include <vector>

#include "firmware-host/gated/lpr_camera_plugin.h"
#include "rules/result.h"

namespace gate::host {

// Where the .deb installs the plugin (deploy/packaging.cmake).
inline constexpr const char* kInstalledLprPluginPath = "/usr/lib/gate/gate-lpr-plugin.so";

// The places looked at, in order: beside /proc/self/exe, then kInstalledLprPluginPath.
std::vector<std::string> lpr_plugin_candidates();

// The plugin's entry, loaded once per process (later calls return the same entry, or the same
// error). The error names every file tried, why each failed, and what to do.
Result<const LprPluginEntry*> load_lpr_plugin();

// Loads the plugin at `path` and checks its entry's interface and build version. Exposed for
// tests; load_lpr_plugin() is what gated uses.
Result<const LprPluginEntry*> load_lpr_plugin_from(const std::string& path);

}  // namespace gate::host
