#include "firmware-host/gatectl/plant_policy_commands.h"

#include <fstream>
#include <iterator>

#include "firmware-host/config/config_loader.h"
#include "firmware-host/gatectl/ledger_commands.h"
#include "firmware-host/gatectl/plant_ledger_commands.h"
#include "firmware-host/plant/plant_policy.h"
#include "firmware-host/policy/policy_file.h"
#include "rules/local_time.h"

namespace gate::ctl {

int plant_policy_set(const Args& a, std::ostream& out, std::ostream& err) {
  if (a.positional.size() != 1) return usage_error(err, a, "give exactly one policy FILE");
  const std::string& file = a.positional[0];
  auto cfg = host::load_config(option(a, "--config"));
  if (!cfg.ok()) return failure(err, cfg.error());
  auto engine = host::load_policy_engine(file, cfg.value().enterprise());
  if (!engine.ok()) return failure(err, "not set: " + engine.error());
  std::ifstream in(file, std::ios::binary);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return with_plant_database(a, err, [&](drivers::pg::Connection& db, int) {
    auto done =
        host::write_plant_policy(db, text, engine.value()->label(), ledger_actor(a), now_ms());
    if (!done.ok()) return failure(err, "the plant's policy was not set: " + done.error());
    out << "plant policy: " << done.value().label << " (sha256 " << done.value().sha256
        << ", revision " << done.value().revision
        << ")\nevery gate compares its own after its next push round and raises an ALARM "
           "while it runs another; install it at a gate with 'gatectl plant policy get' and a "
           "reload\n";
    return 0;
  });
}

int plant_policy_get(const Args& a, std::ostream& out, std::ostream& err) {
  return with_plant_database(a, err, [&](drivers::pg::Connection& db, int) {
    auto p = host::read_plant_policy(db);
    if (!p.ok()) return failure(err, p.error());
    if (p.value().revision == 0) return failure(err, "no policy was set at the plant");
    out << p.value().text;
    return 0;
  });
}

int plant_policy_show(const Args& a, std::ostream& out, std::ostream& err) {
  return with_plant_database(a, err, [&](drivers::pg::Connection& db, int offset) {
    auto p = host::read_plant_policy(db, false);
    if (!p.ok()) return failure(err, p.error());
    auto gates = host::gate_policies(db);
    if (!gates.ok()) return failure(err, gates.error());
    const auto& plant = p.value();
    if (plant.revision == 0) {
      out << "plant policy: none set (each gate runs its own)\n";
    } else {
      out << "plant policy: " << plant.label << " (sha256 " << plant.sha256 << "), set by "
          << plant.set_by << " at " << rules::local_time(plant.set_unix_ms, offset) << "\n";
    }
    int differ = 0;
    for (const auto& g : gates.value()) {
      const bool same = plant.revision > 0 && g.sha256 == plant.sha256;
      differ += plant.revision > 0 && !same ? 1 : 0;
      out << "  " << g.gate_id << ": " << (g.label.empty() ? "(not reported)" : g.label)
          << (g.sha256.empty() ? " (inline)" : " sha256 " + g.sha256.substr(0, 12) + "…")
          << (plant.revision == 0 ? ""
              : same              ? "  same"
                                  : "  DIFFERS")
          << "\n";
    }
    return differ > 0 ? 1 : 0;
  });
}

}  // namespace gate::ctl
