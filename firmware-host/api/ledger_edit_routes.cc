#include "firmware-host/api/ledger_edit_routes.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <set>

#include "firmware-host/api/dashboard_routes.h"
#include "firmware-host/ledger/ledger_fields.h"
#include "firmware-host/ledger/text_encoding.h"
#include "firmware-host/store/gate_store.h"
#include "firmware-host/store/ledger_documents.h"
#include "firmware-host/store/ledger_history.h"
#include "rules/plate.h"

namespace gate::host {
namespace {

using json = nlohmann::json;
using drivers::HttpRequest;
using drivers::HttpResponse;

HttpResponse reply(int status, const json& j) {
  return {status, "application/json", j.dump(-1, ' ', false, json::error_handler_t::replace)};
}

HttpResponse error(int status, const std::string& message) {
  return reply(status, json{{"error", message}});
}

std::string caller_text(const ApiCaller& who) {
  return who.name + " (" + std::string(user_role_name(who.role)) + ")";
}

// The history's actor: the user, where the change came from, and the reason if one was given.
std::string actor_of(const ApiCaller& who, const std::string& reason) {
  return who.name + " (dashboard)" + (reason.empty() ? "" : ": " + reason);
}

json errors_json(const std::vector<LedgerRowError>& errors) {
  json arr = json::array();
  for (const auto& e : errors) {
    arr.push_back({{"line", e.line}, {"field", e.field}, {"reason", e.reason}});
  }
  return arr;
}

std::string first_error_text(const std::vector<LedgerRowError>& errors) {
  if (errors.empty()) return "";
  const auto& e = errors.front();
  return (e.field.empty() ? "" : e.field + ": ") + e.reason;
}

Result<std::vector<gate::v1::Vehicle>> stored_vehicles(const std::string& database_path) {
  auto store = GateStore::Open(database_path, /*read_only=*/true);
  if (!store.ok()) return Error{"cannot open the gate database: " + store.error()};
  return store.value()->load_vehicles();
}

std::optional<gate::v1::Vehicle> find_entry(const std::vector<gate::v1::Vehicle>& all,
                                            const std::string& key) {
  for (const auto& v : all) {
    if (ledger_key_of(v) == key) return v;
  }
  return std::nullopt;
}

// "plate:豫A12345" or "code:…" from ?plate= / ?registration_code= or the same JSON members.
std::string key_from(const std::string& plate, const std::string& code) {
  if (!plate.empty()) return "plate:" + rules::normalise_plate(plate);
  if (!code.empty()) return "code:" + code;
  return "";
}

std::string string_member(const json& body, const char* name) {
  return body.is_object() && body.contains(name) && body[name].is_string()
             ? body[name].get<std::string>()
             : std::string();
}

// The "fields" object of a body as column → text; false when it is missing or not all strings.
bool fields_of(const json& body, LedgerFields& out) {
  if (!body.is_object() || !body.contains("fields") || !body["fields"].is_object()) return false;
  for (const auto& [k, v] : body["fields"].items()) {
    if (v.is_string()) {
      out[k] = v.get<std::string>();
    } else if (v.is_boolean()) {
      out[k] = v.get<bool>() ? "yes" : "no";
    } else {
      return false;
    }
  }
  return true;
}

// Rows naming document images are refused: the files would have to be on the gate PC.
void refuse_document_rows(LedgerParse& p) {
  for (std::size_t i = p.vehicles.size(); i-- > 0;) {
    if (p.documents[i].empty()) continue;
    p.errors.push_back({p.lines[i], p.documents[i].front().column,
                        "document images cannot be imported through the dashboard; leave the "
                        "doc_ columns empty and attach the images with `gatectl ledger attach`"});
    p.vehicles.erase(p.vehicles.begin() + static_cast<std::ptrdiff_t>(i));
    p.lines.erase(p.lines.begin() + static_cast<std::ptrdiff_t>(i));
    p.documents.erase(p.documents.begin() + static_cast<std::ptrdiff_t>(i));
  }
  std::stable_sort(
      p.errors.begin(), p.errors.end(),
      [](const LedgerRowError& a, const LedgerRowError& b) { return a.line < b.line; });
}

Status write_on_lanes(const LedgerEditPorts& ports, const OnLanesThread& on_lanes,
                      const std::vector<gate::v1::Vehicle>& vs, const std::string& actor) {
  Status st = Error{"the daemon is stopping"};
  if (!on_lanes([&] { st = ports.write(vs, actor); })) return Error{"the daemon is stopping"};
  return st;
}

HttpResponse entry(const HttpRequest& req, const LedgerEditPorts& ports) {
  auto q = [&](const char* name) {
    auto it = req.query.find(name);
    return it == req.query.end() ? std::string() : it->second;
  };
  const std::string key = key_from(q("plate"), q("registration_code"));
  if (key.empty()) return error(400, "ledger/entry needs ?plate= or ?registration_code=");
  auto all = stored_vehicles(ports.database_path);
  if (!all.ok()) return error(503, all.error());
  auto v = find_entry(all.value(), key);
  if (!v) return error(404, key + " is not in the ledger");
  return reply(200, json{{"key", key}, {"fields", ledger_fields_of(*v)}});
}

HttpResponse add(const HttpRequest& req, const ApiCaller& who, const LedgerEditPorts& ports,
                 const OnLanesThread& on_lanes) {
  json body = json::parse(req.body, nullptr, false);
  LedgerFields fields;
  if (!fields_of(body, fields)) {
    return error(400,
                 "body must be {\"fields\": {\"plate\": \"豫A12345\", \"vehicle_class\": "
                 "\"transport\", \"emission_stage\": \"6\", \"fuel_type\": \"B\", …}, "
                 "\"reason\": \"…\"} with text values");
  }
  const std::string reason = string_member(body, "reason");
  auto parsed = parse_ledger_fields(fields);
  if (!parsed.errors.empty()) {
    json j = {{"error", "not added: " + first_error_text(parsed.errors)},
              {"refused", errors_json(parsed.errors)}};
    return reply(422, j);
  }
  const auto& v = parsed.vehicles.front();
  const std::string key = ledger_key_of(v);
  auto all = stored_vehicles(ports.database_path);
  if (!all.ok()) return error(503, all.error());
  if (find_entry(all.value(), key)) {
    return error(409, key + " is in the ledger already; edit that entry instead");
  }
  if (Status st = write_on_lanes(ports, on_lanes, {v}, actor_of(who, reason)); !st.ok()) {
    return error(409, "not added: " + st.message());
  }
  if (ports.log) {
    ports.log("LEDGER " + key + " added by " + caller_text(who) +
              (reason.empty() ? "" : ": " + reason));
  }
  return reply(200, json{{"key", key}, {"fields", ledger_fields_of(v)}});
}

HttpResponse edit(const HttpRequest& req, const ApiCaller& who, const LedgerEditPorts& ports,
                  const OnLanesThread& on_lanes) {
  json body = json::parse(req.body, nullptr, false);
  LedgerFields changes;
  const std::string key =
      key_from(string_member(body, "plate"), string_member(body, "registration_code"));
  const std::string reason = string_member(body, "reason");
  if (key.empty() || !fields_of(body, changes) || reason.empty()) {
    return error(400,
                 "body must be {\"plate\": \"豫A12345\" (or \"registration_code\"), \"fields\": "
                 "{column: text, …}, \"reason\": \"why\"} (a reason is required)");
  }
  auto all = stored_vehicles(ports.database_path);
  if (!all.ok()) return error(503, all.error());
  auto before = find_entry(all.value(), key);
  if (!before) return error(404, key + " is not in the ledger; add it instead");
  LedgerFields fields = ledger_fields_of(*before);
  for (const auto& [k, v] : changes) fields[k] = v;
  auto parsed = parse_ledger_fields(fields);
  if (!parsed.errors.empty()) {
    return reply(422, json{{"error", "not changed: " + first_error_text(parsed.errors)},
                           {"refused", errors_json(parsed.errors)}});
  }
  const auto& after = parsed.vehicles.front();
  if (ledger_key_of(after) != key) {
    return error(400,
                 "the plate and registration code identify the entry and cannot be edited; add "
                 "the vehicle under its new plate and suspend " +
                     key);
  }
  const std::string what = describe_vehicle_changes(&*before, after);
  if (what.empty()) return reply(200, json{{"key", key}, {"changed", false}});
  if (Status st = write_on_lanes(ports, on_lanes, {after}, actor_of(who, reason)); !st.ok()) {
    return error(409, "not changed: " + st.message());
  }
  if (ports.log) ports.log("LEDGER " + key + " edited by " + caller_text(who) + ": " + reason);
  return reply(200, json{{"key", key}, {"changed", true}, {"changes", what}});
}

HttpResponse import(const HttpRequest& req, const ApiCaller& who, const LedgerEditPorts& ports,
                    const OnLanesThread& on_lanes) {
  auto q = req.query.find("skip_invalid");
  const bool skip_invalid = q != req.query.end() && (q->second == "1" || q->second == "true");
  bool converted = false;
  auto text = ledger_text_to_utf8(req.body, &converted);
  if (!text.ok()) return error(400, "the file is neither UTF-8 nor GBK: " + text.error());
  auto parsed = parse_ledger_csv(text.value());
  refuse_document_rows(parsed);
  auto report = [&](bool imported) {
    return json{{"imported", imported},
                {"accepted", imported ? parsed.vehicles.size() : 0},
                {"valid_rows", parsed.vehicles.size()},
                {"created", 0},
                {"updated", 0},
                {"encoding", converted ? "GB18030" : "UTF-8"},
                {"refused", errors_json(parsed.errors)}};
  };
  if (!parsed.errors.empty() && !skip_invalid) {
    json j = report(false);
    j["error"] = "nothing imported: " + std::to_string(parsed.errors.size()) +
                 " error(s) in the rows listed; fix them and import again, or import the valid "
                 "rows only";
    return reply(422, j);
  }
  if (parsed.vehicles.empty()) {
    json j = report(false);
    j["error"] = "nothing imported: the file has no valid rows";
    return reply(422, j);
  }
  auto all = stored_vehicles(ports.database_path);
  if (!all.ok()) return error(503, all.error());
  std::set<std::string> existing;
  for (const auto& v : all.value()) existing.insert(ledger_key_of(v));
  int updated = 0;
  for (const auto& v : parsed.vehicles) updated += existing.count(ledger_key_of(v)) ? 1 : 0;
  if (Status st = write_on_lanes(ports, on_lanes, parsed.vehicles, actor_of(who, "CSV import"));
      !st.ok()) {
    json j = report(false);
    j["error"] = "nothing imported: " + st.message();
    return reply(409, j);
  }
  json j = report(true);
  j["updated"] = updated;
  j["created"] = static_cast<int>(parsed.vehicles.size()) - updated;
  if (ports.log) {
    ports.log("LEDGER import by " + caller_text(who) + ": " +
              std::to_string(parsed.vehicles.size()) + " entries (" +
              std::to_string(j["created"].get<int>()) + " new, " + std::to_string(updated) +
              " changed), " + std::to_string(parsed.errors.size()) + " row(s) refused");
  }
  return reply(200, j);
}

}  // namespace

std::optional<HttpResponse> handle_ledger_edit(const std::string& route, const HttpRequest& req,
                                               const ApiCaller& who, const LedgerEditPorts& ports,
                                               const OnLanesThread& on_lanes) {
  if (route == "ledger/entry") {
    if (req.method != "GET") return error(405, "use GET for " + req.path);
    return entry(req, ports);
  }
  if (route != "ledger/add" && route != "ledger/edit" && route != "ledger/import") {
    return std::nullopt;
  }
  if (req.method != "POST") return error(405, "use POST for " + req.path);
  if (!role_may(who.role, UserAction::kEditLedger)) {
    return error(403, "'" + who.name + "' has the " + std::string(user_role_name(who.role)) +
                          " role, which may not " +
                          std::string(action_name(UserAction::kEditLedger)));
  }
  if (route == "ledger/add") return add(req, who, ports, on_lanes);
  if (route == "ledger/edit") return edit(req, who, ports, on_lanes);
  return import(req, who, ports, on_lanes);
}

}  // namespace gate::host
