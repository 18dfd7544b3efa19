#include "sim/devices/truck_arrivals.h"

#include <fstream>
#include <map>
#include <sstream>

#include "rules/csv.h"
#include "rules/plate_color.h"

namespace gate::sim {

Result<std::vector<TruckArrival>> parse_trucks_csv(const std::string& text,
                                                   const std::string& file) {
  std::vector<int> lines;
  auto records = rules::split_csv(text, &lines);
  if (records.empty()) return Error{file + ":1: empty file; expected a header line"};
  std::map<std::string, std::size_t> col;
  for (std::size_t i = 0; i < records[0].size(); ++i) col[records[0][i]] = i;
  if (!col.count("plate")) return Error{file + ":1: header has no 'plate' column"};
  std::vector<TruckArrival> out;
  for (std::size_t r = 1; r < records.size(); ++r) {
    const auto& rec = records[r];
    auto get = [&](const char* name) -> std::string {
      auto it = col.find(name);
      return (it == col.end() || it->second >= rec.size()) ? "" : rec[it->second];
    };
    auto fail = [&](const std::string& field, const std::string& why) {
      return Error{file + ":" + std::to_string(lines[r]) + ": " + field + ": " + why};
    };
    TruckArrival t;
    t.plate = get("plate");
    if (t.plate.empty()) return fail("plate", "empty");
    if (std::string c = get("color"); !c.empty()) {
      auto color = rules::color_from_name(c);
      if (!color) return fail("color", "'" + c + "' is not a plate colour");
      t.color = *color;
    }
    try {
      if (std::string c = get("confidence"); !c.empty()) t.confidence = std::stod(c);
      if (std::string n = get("reads"); !n.empty()) t.reads = std::stoi(n);
    } catch (...) {
      return fail("confidence/reads", "not a number");
    }
    if (t.confidence < 0 || t.confidence > 1) return fail("confidence", "must be in 0..1");
    if (t.reads < 1 || t.reads > 10) return fail("reads", "must be 1..10");
    std::string f = get("format");
    if (f.empty() || f == "vzenith") {
      t.vzenith = true;
    } else if (f == "generic") {
      t.vzenith = false;
    } else {
      return fail("format", "'" + f + "' is not vzenith or generic");
    }
    t.note = get("note");
    out.push_back(std::move(t));
  }
  return out;
}

Result<std::vector<TruckArrival>> load_trucks(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{path + ": cannot open scenario file"};
  std::stringstream ss;
  ss << in.rdbuf();
  return parse_trucks_csv(ss.str(), path);
}

}  // namespace gate::sim
