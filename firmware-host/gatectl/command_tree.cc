#include "firmware-host/gatectl/command_tree.h"

#include "firmware-host/gatectl/command_help.h"

namespace gate::ctl {
namespace {

constexpr const char* kAbout =
    "gatectl: the gate's operator and auditor command line (gated is the daemon).";

constexpr const char* kNotes =
    "'gatectl COMMAND --help' shows a command's options. Exit codes: 0 done, 1 failed, 2 the\n"
    "command line was wrong.\n"
    "--db may be replaced by --config FILE (the database named in a gated configuration).\n"
    "Ledger document images are kept in --docs-dir DIR, by default DATABASE.documents beside the\n"
    "database file (content-addressed: <dir>/<2 hex>/<sha256>.jpg whatever the image format).";

// Builds one group of commands; `help` keeps the usage lines.
struct Builder {
  CLI::App& root;
  CommandHelp& help;

  CLI::App* group(const char* name, const char* description) {
    CLI::App* g = with_defaults(root.add_subcommand(name, description));
    help.set_synopsis(g, "COMMAND [options]");
    // One command at a time: a sibling's name after the command is an argument, not a command.
    return g->require_subcommand(0, 1);
  }
  CLI::App* command(CLI::App* parent, const char* name, const char* synopsis,
                    const char* description) {
    CLI::App* c = with_defaults(parent->add_subcommand(name, description));
    help.set_synopsis(c, synopsis);
    return c;
  }
  // What command_line.cc relies on, on every node: leftovers are kept for it to report in
  // gatectl's words, and an option given twice takes the last value.
  static CLI::App* with_defaults(CLI::App* c) {
    c->allow_extras();
    c->group("Commands");  // the heading of the list in a group's --help
    c->option_defaults()->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
    return c;
  }
};

void value(CLI::App* c, const char* name, const char* type, const char* text) {
  c->add_option(name)->type_name(type)->description(text);
}

void flag(CLI::App* c, const char* name, const char* text) {
  c->add_flag(name)->description(text);
}

// Positional arguments, any number of them: the command says how many it needs.
void positional(CLI::App* c, const char* name, const char* text) {
  c->add_option(name)
      ->description(text)
      ->type_name("")
      ->expected(1, CLI::detail::expected_max_vector_size)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
}

void database(CLI::App* c) {
  value(c, "--db", "FILE", "the gate database (required, or --config)");
  value(c, "--config", "CFG", "a gated configuration: the database it names stands for --db");
}

void period(CLI::App* c) {
  value(c, "--from", "T", "from this local time: YYYY-MM-DD[ HH:MM[:SS]]");
  value(c, "--to", "T", "up to this local time: YYYY-MM-DD[ HH:MM[:SS]]");
}

void utc_offset(CLI::App* c) {
  value(c, "--utc-offset", "MIN", "minutes east of UTC for local times (default 480, China)");
}

void entry_key(CLI::App* c) {
  value(c, "--plate", "P", "the entry's plate (one of --plate and --code is required)");
  value(c, "--code", "CODE", "the registration code of a machinery entry without plate");
}

void docs_dir(CLI::App* c) {
  value(c, "--docs-dir", "DIR", "ledger document images (default DATABASE.documents)");
}

void operator_name(CLI::App* c) {
  value(c, "--operator", "NAME", "who makes the change (default: the login name)");
}

void add_ledger(Builder& b) {
  CLI::App* g = b.group("ledger", "the plant's vehicle ledger");
  CLI::App* c = b.command(
      g, "import", "--db FILE LEDGER.csv [--skip-invalid] [--docs-dir DIR] [--operator NAME]",
      "import a vehicle ledger (all-or-nothing; every bad row is reported with its line and "
      "field)\n"
      "CSV in UTF-8 or GBK as Chinese Excel saves it, or .xlsx (the first worksheet). Columns by\n"
      "header name; required: plate (or registration_code), vehicle_class, emission_stage,\n"
      "fuel_type, valid_from, valid_until, suspended (empty cell: no limit / not suspended);\n"
      "optional: plate_color vin engine_no registration_date vehicle_type use fleet owner\n"
      "exemption exemption_basis exemption_until machinery_registration\n"
      "test_report_valid_until positioning, and doc_list, doc_license, doc_nameplate, doc_label\n"
      "naming image files relative to the ledger file, ';' between several. Any other column\n"
      "name, a row with more or fewer fields than the header, or a quote left open at the end\n"
      "of a line is an error.");
  database(c);
  flag(c, "--skip-invalid", "import the good rows, report the bad ones");
  docs_dir(c);
  operator_name(c);
  positional(c, "LEDGER", "the ledger file: .csv or .xlsx (exactly one)");
  database(b.command(g, "list", "--db FILE", "list ledger entries (CSV on standard output)"));
  for (const char* verb : {"suspend", "reinstate"}) {
    c = b.command(g, verb, "--db FILE --plate P --reason TEXT [--operator NAME]",
                  std::string(verb) == "suspend" ? "suspend a vehicle: the gate refuses it"
                                                 : "reinstate a suspended vehicle");
    database(c);
    value(c, "--plate", "P", "the vehicle's plate (required)");
    value(c, "--reason", "TEXT", "why, kept in the ledger's history (required)");
    operator_name(c);
  }
  c = b.command(g, "history", "--db FILE (--plate P | --code CODE)",
                "who changed the entry, when, and what changed (exit 1: no change recorded)");
  database(c);
  entry_key(c);
  c = b.command(g, "attach",
                "--db FILE (--plate P | --code CODE) --kind list|license|nameplate|label "
                "IMAGE... [--operator NAME] [--docs-dir DIR]",
                "attach document images (随车清单, 行驶证, engine nameplate, machinery label)\n"
                "Every file must be an image; the same content is kept once.");
  database(c);
  entry_key(c);
  value(c, "--kind", "KIND", "list, license, nameplate or label (required)");
  operator_name(c);
  docs_dir(c);
  positional(c, "IMAGE", "the image files (one or more)");
  c = b.command(g, "documents", "--db FILE (--plate P | --code CODE) [--docs-dir DIR]",
                "an entry's documents, whether each file is present and matches its hash, and "
                "which required ones are missing (exit 1: a file is missing or changed)");
  database(c);
  entry_key(c);
  docs_dir(c);
}

void add_passages(Builder& b) {
  CLI::App* g = b.group("passages", "the passages the gate recorded");
  CLI::App* c = b.command(g, "list",
                          "--db FILE [--from T] [--to T] [--plate P] [--decision "
                          "pass|refuse|hold|manual_pass] [--format table|csv|json] [--limit N] "
                          "[--utc-offset MIN]",
                          "list passages; T is \"YYYY-MM-DD[ HH:MM[:SS]]\" local time");
  database(c);
  period(c);
  value(c, "--plate", "P", "only this plate");
  value(c, "--decision", "D", "only pass, refuse, hold or manual_pass");
  value(c, "--format", "F", "table (default), csv or json");
  value(c, "--limit", "N", "at most N passages (0: all)");
  utc_offset(c);
  database(
      b.command(g, "summary", "--db FILE", "counts by decision, rule and outcome; upload backlog"));
  c = b.command(g, "cargo",
                "--db FILE SEQ [--name N --quantity Q --unit t|L] [--operator NAME] "
                "[--utc-offset MIN]",
                "enter what passage SEQ carried, or show it (without --name, --quantity, --unit)\n"
                "The cargo is uploaded after the passage where the platform takes cargo. "
                "Entering it again is a correction: both entries are kept, in the audit chain "
                "too, and the correction is uploaded as a record of its own (key ...-cargo_2, "
                "...).");
  database(c);
  value(c, "--name", "N", "what the truck carries, at most 64 characters, e.g. coal");
  value(c, "--quantity", "Q", "how much, greater than 0, at most 3 decimals, e.g. 31.25");
  value(c, "--unit", "U", "t (tonnes) or L (litres)");
  operator_name(c);
  utc_offset(c);
  positional(c, "SEQ", "the passage's number (passages list shows it)");
}

void add_config(Builder& b) {
  CLI::App* g = b.group("config", "gated's configuration");
  positional(b.command(g, "check", "FILE", "validate a gated configuration file"), "FILE",
             "the configuration (text protobuf)");
}

void add_sync(Builder& b) {
  CLI::App* g = b.group("sync", "the uplink to the platform");
  CLI::App* c = b.command(g, "status", "--db FILE [--format table|json] [--utc-offset MIN]",
                          "uplink: share delivered within the live window, backlog size and "
                          "age, parked records with the platform's reason, last contact, what "
                          "the platform pushed down\n"
                          "With --config, the live window and alarm age are the configured ones.");
  database(c);
  value(c, "--format", "F", "table (default) or json");
  utc_offset(c);
  c = b.command(g, "requeue", "--db FILE", "send the parked records again");
  database(c);
  utc_offset(c);
}

void add_plant(Builder& b) {
  CLI::App* g = b.group("plant", "the plant database: every gate's passages (docs/plant.md)");
  CLI::App* c = b.command(g, "gates", "--config CFG [--format table|json] [--utc-offset MIN]",
                          "every gate the plant knows: its link (up when heard from within 10 s, "
                          "else down since its last contact), the highest seq the plant holds, "
                          "the gate's own latest seq as it reported it, the passages behind and "
                          "the oldest one's age");
  value(c, "--config", "CFG", "a gated configuration with a plant { conninfo } block (required)");
  value(c, "--format", "F", "table (default) or json");
  utc_offset(c);
  c = b.command(g, "passages",
                "--config CFG [--gate G] [--from T] [--to T] [--plate P] [--decision D] "
                "[--limit N] [--format table|csv|json] [--utc-offset MIN]",
                "the plant's passages across gates, newest first; T is \"YYYY-MM-DD[ "
                "HH:MM[:SS]]\" local time\nJSON gives the stored records with gate_id and seq; "
                "CSV the columns of passages list with the gate first.");
  value(c, "--config", "CFG", "a gated configuration with a plant { conninfo } block (required)");
  value(c, "--gate", "G", "only this gate");
  period(c);
  value(c, "--plate", "P", "only this plate (exact, as read)");
  value(c, "--decision", "D", "only pass, refuse, hold or manual_pass");
  value(c, "--limit", "N", "at most N passages (0: all)");
  value(c, "--format", "F", "table (default), csv or json");
  value(c, "--utc-offset", "MIN", "minutes east of UTC (default: the configuration's)");
  c = b.command(g, "compare", "--config CFG [--gate G] [--db FILE] [--format table|json]",
                "check the plant's canonical copies of a gate's passages against the gate's "
                "SQLite file, up to the plant's cursor\nExit 1 when one is missing at the "
                "plant or differs; run on the gate (or with a copy of its file).");
  value(c, "--config", "CFG", "a gated configuration with a plant { conninfo } block (required)");
  value(c, "--gate", "G", "the gate (default: the configuration's gate_id)");
  value(c, "--db", "FILE", "the gate's SQLite file (default: the configuration's database_path)");
  value(c, "--format", "F", "table (default) or json");
}

// Under `plant`: the plant's master ledger (docs/plant.md §4).
void add_plant_ledger(Builder& b) {
  CLI::App* g = b.root.get_subcommand("plant")->add_subcommand(
      "ledger", "the plant's master ledger, which every gate takes (docs/plant.md)");
  Builder::with_defaults(g)->require_subcommand(0, 1);
  b.help.set_synopsis(g, "COMMAND [options]");
  CLI::App* c = b.command(g, "import", "--config CFG LEDGER [--skip-invalid] [--operator NAME]",
                          "import a vehicle ledger at the plant (all-or-nothing; the file as "
                          "'ledger import' reads it)\nEach entry is a plant edit made now; the "
                          "gates take it within plant.ledger_interval_ms.");
  value(c, "--config", "CFG", "a gated configuration with a plant { conninfo } block (required)");
  flag(c, "--skip-invalid", "import the good rows, report the bad ones");
  operator_name(c);
  positional(c, "LEDGER", "the ledger file: .csv or .xlsx (exactly one)");
  c = b.command(g, "history", "PLATE --config CFG [--utc-offset MIN]",
                "every revision the plant received for a plate: applied or lost to a later "
                "edit, origin, who, when, what changed (exit 1: none)");
  value(c, "--config", "CFG", "a gated configuration with a plant { conninfo } block (required)");
  value(c, "--utc-offset", "MIN", "minutes east of UTC (default: the configuration's)");
  positional(c, "PLATE", "the entry's plate");
}

// Under `plant`: the plant's alert level (docs/plant.md §7).
void add_plant_alert(Builder& b) {
  CLI::App* g = b.root.get_subcommand("plant")->add_subcommand(
      "alert", "the plant's alert level, which every gate applies (docs/plant.md)");
  Builder::with_defaults(g)->require_subcommand(0, 1);
  b.help.set_synopsis(g, "COMMAND [options]");
  CLI::App* c = b.command(g, "set",
                          "--config CFG --level none|yellow|orange|red --reason TEXT "
                          "[--operator NAME]",
                          "set the alert level at every gate of the plant\nEach gate applies "
                          "it after its next push round as a level set by hand (the dashboard "
                          "shows who and why), until the plant changes it again or someone "
                          "sets another at the gate.");
  value(c, "--config", "CFG", "a gated configuration with a plant { conninfo } block (required)");
  value(c, "--level", "LEVEL", "none, yellow, orange or red (required)");
  value(c, "--reason", "TEXT", "why, e.g. the city's notice (required)");
  operator_name(c);
  c = b.command(g, "clear", "--config CFG --reason TEXT [--operator NAME]",
                "end the plant's level: every gate goes back to the platform's or its "
                "configured level");
  value(c, "--config", "CFG", "a gated configuration with a plant { conninfo } block (required)");
  value(c, "--reason", "TEXT", "why (required)");
  operator_name(c);
  c = b.command(g, "show", "--config CFG [--utc-offset MIN]",
                "the plant's alert level, who set it, when and why");
  value(c, "--config", "CFG", "a gated configuration with a plant { conninfo } block (required)");
  value(c, "--utc-offset", "MIN", "minutes east of UTC (default: the configuration's)");
}

// Under `plant`: the plant's policy (docs/plant.md §8).
void add_plant_policy(Builder& b) {
  CLI::App* g = b.root.get_subcommand("plant")->add_subcommand(
      "policy", "the policy every gate of the plant should run (docs/plant.md)");
  Builder::with_defaults(g)->require_subcommand(0, 1);
  b.help.set_synopsis(g, "COMMAND [options]");
  CLI::App* c = b.command(g, "set", "--config CFG FILE [--operator NAME]",
                          "make FILE the plant's policy (checked as gated loads it for the "
                          "configuration's enterprise)\nEvery gate raises an ALARM while it runs "
                          "another.");
  value(c, "--config", "CFG", "a gated configuration with a plant { conninfo } block (required)");
  operator_name(c);
  positional(c, "FILE", "the policy file (text protobuf)");
  c = b.command(g, "get", "--config CFG", "print the plant's policy file, as set");
  value(c, "--config", "CFG", "a gated configuration with a plant { conninfo } block (required)");
  c = b.command(g, "show", "--config CFG [--utc-offset MIN]",
                "the plant's policy and the one each gate runs (exit 1: a gate differs)");
  value(c, "--config", "CFG", "a gated configuration with a plant { conninfo } block (required)");
  value(c, "--utc-offset", "MIN", "minutes east of UTC (default: the configuration's)");
}

// Under `plant`: the audit commands over the plant's passages across gates (docs/plant.md §5).
void add_plant_audit(Builder& b) {
  CLI::App* g = b.root.get_subcommand("plant")->add_subcommand(
      "audit", "what an auditor checks, across gates (the plant's copies of their passages)");
  Builder::with_defaults(g)->require_subcommand(0, 1);
  b.help.set_synopsis(g, "COMMAND [options]");
  const auto inputs = [](CLI::App* c) {
    value(c, "--config", "CFG", "a gated configuration with a plant { conninfo } block (required)");
    value(c, "--gate", "G", "only this gate");
    period(c);
    value(c, "--utc-offset", "MIN", "minutes east of UTC (default: the configuration's)");
  };
  CLI::App* c =
      b.command(g, "sample",
                "--config CFG [--gate G] [--n 10] [--seed S] [--from T] "
                "[--to T]",
                "random passages across gates, each with its gate and what its record "
                "lacks\nPhoto files stay at each gate: 'audit sample' there checks them.");
  inputs(c);
  value(c, "--n", "N", "how many (default 10)");
  value(c, "--seed", "S", "the random seed, to draw the same sample again");
  c = b.command(g, "days", "--config CFG [--gate G] [--from T] [--to T] [--svg FILE]",
                "per day and gate: passages, passed, refused, held, green share; then the "
                "plant's total");
  inputs(c);
  value(c, "--svg", "FILE", "also write the chart of the plant's total as SVG");
  c = b.command(g, "export", "--config CFG --out DIR [--gate G] [--from T] [--to T]",
                "the plant's passages as CSV + XLSX + days + manifest + README\nNo photos or "
                "seals: those come with each gate's 'audit export'.");
  inputs(c);
  value(c, "--out", "DIR", "the folder to write (required; new or empty)");
}

void add_platform(Builder& b) {
  CLI::App* g = b.group("platform", "platform profiles (docs/platform-profiles.md)");
  positional(b.command(g, "check", "FILE", "validate a platform profile and summarise it"), "FILE",
             "the profile (text protobuf)");
  CLI::App* c = b.command(
      g, "render",
      "--passage N [--kind decision|outcome|photo_1|photo_2|cargo|cargo_N] [--profile FILE] "
      "(--config CFG | --db DB)",
      "print exactly what the gate would send the platform for a stored passage\n"
      "With --config, its uplink's profile, settings, URL and time zone; --profile overrides.");
  database(c);
  value(c, "--passage", "N", "the passage's number (required)");
  value(c, "--kind", "K",
        "decision (default: the passage as decided), outcome, photo_1 (its photo as a message), "
        "photo_2 (its plate close-up as a message), cargo (its latest cargo entry) or cargo_N (its "
        "N-th)");
  value(c, "--profile", "FILE", "a platform profile (default: the config's uplink.profile_file)");
}

void add_policy(Builder& b) {
  CLI::App* g = b.group("policy", "the policy engine");
  CLI::App* c = b.command(g, "check", "FILE [--config CFG] [--sources]",
                          "validate a policy set file (with --config: which rule sets bind the "
                          "plant)");
  positional(c, "FILE", "the policy set (text protobuf)");
  value(c, "--config", "CFG", "the gate's configuration, for its enterprise");
  flag(c, "--sources",
       "each rule with the clause it comes from and what is assumed, for the plant to confirm "
       "with the bureau");
  c = b.command(g, "explain",
                "--plate P --config CFG [--at T] [--alert none|yellow|orange|red] [--policy F] "
                "[--check pass|refuse[:REASON]|unavailable [--platform-stage S --platform-fuel F]]",
                "the full reasoning of a decision for that truck");
  value(c, "--plate", "P", "the truck's plate (required)");
  value(c, "--config", "CFG", "the gate's configuration (required)");
  value(c, "--at", "T", "at this local time (default: now, with the hold queue)");
  value(c, "--alert", "LEVEL", "none, yellow, orange or red (default: the configured level)");
  value(c, "--policy", "F", "another policy set file (default: the configured policy)");
  value(c, "--check", "ANSWER",
        "assume the platform's vehicle check answered pass, refuse[:REASON] or unavailable, and "
        "join it as the gate's profile says");
  value(c, "--platform-stage", "CODE",
        "the stage the check answered (ledger code: 0-6, D electric)");
  value(c, "--platform-fuel", "CODE", "the fuel the check answered (ledger code: A, B, C, …)");
  c = b.command(g, "replay", "--from D1 --to D2 --policy FILE --config CFG [--limit N]",
                "re-decide recorded passages under another policy");
  value(c, "--from", "D1", "from this local date or time (required)");
  value(c, "--to", "D2", "to this local time; a bare date means the whole day (required)");
  value(c, "--policy", "FILE", "the policy set to replay under (required)");
  value(c, "--config", "CFG", "the gate's configuration (required)");
  value(c, "--limit", "N", "list at most N changed decisions (default 20)");
}

void add_release(Builder& b) {
  CLI::App* c = b.command(&b.root, "release",
                          "--lane L --reason TEXT [--operator NAME] (--config CFG | --api URL "
                          "--token T)",
                          "release the truck refused or held at lane L (gated's API); the "
                          "release is\nrecorded in the name of the token that sends it");
  value(c, "--lane", "L", "the lane (required)");
  value(c, "--operator", "NAME",
        "the token's name, checked by gated (optional; another name is refused)");
  value(c, "--reason", "TEXT", "why (required)");
  value(c, "--config", "CFG", "gated's configuration: its API address and operator token");
  value(c, "--api", "URL", "gated's API, e.g. http://127.0.0.1:8080");
  value(c, "--token", "T", "an operator token of that API");
}

void add_verify(Builder& b) {
  CLI::App* c =
      b.command(&b.root, "verify",
                "--db COPY --pubkey KEY.pub [--from T] [--to T] [--photos DIR] [--anchors FILE]",
                "check the audit chain, the daily seals and the photos of a copy of a "
                "gate database, offline, and with --anchors the seals and chain heads the "
                "platform holds; names the first record that fails");
  value(c, "--db", "COPY", "a copy of the gate database (required)");
  value(c, "--pubkey", "KEY.pub", "the gate's public key (required)");
  period(c);
  value(c, "--photos", "DIR", "also check the photos in DIR");
  value(c, "--anchors", "FILE",
        "also check the copy against the anchors exported by the platform (JSON lines, "
        "docs/audit.md): export them first, then copy the database");
  utc_offset(c);
}

// The options every audit command reads (audit_commands.cc).
void audit_inputs(CLI::App* c) {
  database(c);
  period(c);
  value(c, "--photos", "DIR", "the photo folder (default: the configured one)");
  docs_dir(c);
  utc_offset(c);
}

void add_audit(Builder& b) {
  CLI::App* g = b.group("audit", "what an auditor checks");
  CLI::App* c =
      b.command(g, "sample", "--db FILE [--n 10] [--seed S] [--photos DIR] [--docs-dir DIR]",
                "random passages and ledger entries with what each lacks");
  audit_inputs(c);
  value(c, "--n", "N", "how many of each (default 10)");
  value(c, "--seed", "S", "the random seed, to draw the same sample again");
  c = b.command(g, "days", "--db FILE [--from T] [--to T] [--svg FILE]",
                "daily counts, green share, alert days beside normal days");
  audit_inputs(c);
  value(c, "--svg", "FILE", "also write the chart as SVG");
  c = b.command(g, "export",
                "--db FILE --out DIR [--from T] [--to T] [--photos DIR] [--docs-dir DIR]",
                "CSV + XLSX + photos + ledger documents + seals + manifest + README (exit 1: "
                "a photo or document is missing)");
  audit_inputs(c);
  value(c, "--out", "DIR", "the folder to write (required)");
}

void add_user(Builder& b) {
  CLI::App* g = b.group("user",
                        "web dashboard users (password: first line of stdin or --password-file "
                        "FILE; PBKDF2-hashed in the database)");
  CLI::App* c = b.command(g, "add", "--db FILE --name N --role operator|manager|auditor|admin",
                          "add a dashboard user");
  database(c);
  value(c, "--name", "N", "the user name (required)");
  value(c, "--role", "ROLE", "operator, manager, auditor or admin (required)");
  value(c, "--password-file", "FILE", "read the password from FILE, not standard input");
  c = b.command(g, "passwd", "--db FILE --name N", "set a user's password");
  database(c);
  value(c, "--name", "N", "the user name (required)");
  value(c, "--password-file", "FILE", "read the password from FILE, not standard input");
  database(b.command(g, "list", "--db FILE", "list the users"));
  for (const char* verb : {"disable", "enable"}) {
    c = b.command(g, verb, "--db FILE --name N",
                  std::string(verb) == "disable"
                      ? "disable a user (a running gated ends their sessions at the next request)"
                      : "enable a disabled user");
    database(c);
    value(c, "--name", "N", "the user name (required)");
  }
}

// The recogniser's options, shared by lpr read and lpr eval.
void recogniser(CLI::App* c) {
  value(c, "--model", "FILE", "the model (default: the one in drivers/lpr/models)");
  value(c, "--json", "FILE", "also write the results as JSON");
  value(c, "--local-province", "P", "favour the gate's own province, e.g. 豫");
  value(c, "--local-province-weight", "W", "how much (default 20)");
  value(c, "--rare-colour-weight", "W",
        "odds of white or black on a plain 7-character plate (default 0.1; 1: off)");
}

void add_lpr(Builder& b) {
  CLI::App* g = b.group("lpr", "the plate recogniser (drivers/lpr), on one thread");
  CLI::App* c = b.command(g, "read",
                          "IMAGE [--json FILE] [--model FILE] [--local-province P "
                          "[--local-province-weight W]]",
                          "plates in a frame or crop: text, colour, confidences, corners");
  positional(c, "IMAGE", "the image file");
  recogniser(c);
  c = b.command(g, "eval",
                "DIR [--json FILE] [--per-image] [--model FILE] [--local-province P ...] "
                "[--label-corrections FILE]",
                "score the recogniser on DIR/labels.tsv (file, plate, color)\n"
                "Exact match, characters, province, colour, ms per image, colour confusion.");
  positional(c, "DIR", "the folder with labels.tsv and the images");
  recogniser(c);
  flag(c, "--per-image", "a line per image");
  value(c, "--label-corrections", "FILE",
        "score against labels corrected by eye (file, labelled, seen), saying how many");
}

}  // namespace

std::unique_ptr<CLI::App> make_command_tree() {
  auto root = std::make_unique<CLI::App>(kAbout, "gatectl");
  auto help = std::make_shared<CommandHelp>();
  root->formatter(help);  // before the commands are added: they take it from their parent
  root->footer(kNotes);
  Builder::with_defaults(root.get())->require_subcommand(0, 1);
  Builder b{*root, *help};
  add_ledger(b);
  add_passages(b);
  add_config(b);
  add_sync(b);
  add_plant(b);
  add_plant_ledger(b);
  add_plant_alert(b);
  add_plant_audit(b);
  add_plant_policy(b);
  add_platform(b);
  add_policy(b);
  add_release(b);
  add_verify(b);
  add_audit(b);
  add_user(b);
  add_lpr(b);
  return root;
}

std::vector<std::string> command_paths() {
  std::vector<std::string> paths;
  auto root = make_command_tree();
  for (const CLI::App* leaf : command_leaves(root.get())) paths.push_back(command_path(leaf));
  return paths;
}

}  // namespace gate::ctl
