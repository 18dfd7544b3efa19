// gatectl: operator and auditor command line.
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "firmware-host/gatectl/commands.h"

namespace {

constexpr const char* kUsage = R"(usage: gatectl COMMAND [options]

Commands:
  ledger import --db FILE LEDGER.csv   import a vehicle ledger (all-or-nothing; every bad row
                                       is reported with its line and field)
  ledger import ... --skip-invalid      import the good rows, report the bad ones
                                       (CSV in UTF-8 or GBK as Chinese Excel saves it, or
                                       .xlsx: the first worksheet; optional columns doc_list,
                                       doc_license, doc_nameplate, doc_label name image files
                                       relative to the ledger file, ';' between several)
  ledger list --db FILE                list ledger entries
  ledger suspend|reinstate --db FILE --plate P --reason TEXT [--operator NAME]
  ledger history --db FILE (--plate P | --code CODE)
                                       who changed the entry, when, and what changed
  ledger attach --db FILE (--plate P | --code CODE) --kind list|license|nameplate|label
                IMAGE... [--operator NAME] [--docs-dir DIR]
                                       attach document images (随车清单, 行驶证, engine
                                       nameplate, machinery label); every file must be an image
  ledger documents --db FILE (--plate P | --code CODE) [--docs-dir DIR]
                                       an entry's documents, whether each file is present and
                                       matches its hash, and which required ones are missing
  passages list --db FILE [--from T] [--to T] [--plate P] [--decision pass|refuse|hold]
                [--format table|csv|json] [--limit N] [--utc-offset MIN]
                                       list passages; T is "YYYY-MM-DD[ HH:MM[:SS]]" local time
  passages summary --db FILE           counts by decision, rule and outcome; upload backlog
  config check FILE                    validate a gated configuration file
  sync status --db FILE [--format table|json]
                                       uplink: share delivered within the live window, backlog
                                       size and age, parked records with the platform's reason,
                                       last contact, what the platform pushed down
  sync requeue --db FILE               send the parked records again
  policy check FILE [--config CFG]     validate a policy set file (which rule sets bind the plant)
  policy explain --plate P --config CFG [--at T] [--alert none|yellow|orange|red] [--policy F]
                                       the full reasoning of a decision for that truck
  policy replay --from D1 --to D2 --policy FILE --config CFG [--limit N]
                                       re-decide recorded passages under another policy
  release --lane L --operator NAME --reason TEXT (--config CFG | --api URL --token T)
                                       release the truck refused or held at lane L (gated's API)

  verify --db COPY --pubkey KEY.pub [--from T] [--to T] [--photos DIR]
                                       check the audit chain, the daily seals and the photos of
                                       a copy of a gate database, offline; names the first
                                       record that fails

  audit sample --db FILE [--n 10] [--seed S] [--photos DIR] [--docs-dir DIR]
                                       random passages and ledger entries with what each lacks
  audit days --db FILE [--from T] [--to T] [--svg FILE]
                                       daily counts, green share, alert days beside normal days
  audit export --db FILE --out DIR [--from T] [--to T] [--photos DIR] [--docs-dir DIR]
                                       CSV + XLSX + photos + ledger documents + seals +
                                       manifest + README

  user add --db FILE --name N --role operator|manager|auditor|admin
  user passwd --db FILE --name N       web dashboard users (password: first line of stdin or
  user list --db FILE                  --password-file FILE; PBKDF2-hashed in the database)
  user disable|enable --db FILE --name N

  lpr read IMAGE [--json FILE] [--model FILE] [--local-province P [--local-province-weight W]]
                                       plates in a frame or crop: text, colour, confidences,
                                       corners (the project's recogniser, drivers/lpr)
  lpr eval DIR [--json FILE] [--per-image] [--model FILE] [--local-province P ...]
                                       score the recogniser on DIR/labels.tsv (file, plate,
                                       color): exact match, characters, province, colour,
                                       ms per image, colour confusion; --local-province
                                       favours the gate's own province (default weight 20);
                                       --label-corrections FILE (file, labelled, seen) scores
                                       against labels corrected by eye, saying how many;
                                       --rare-colour-weight W (read|eval): odds of white or
                                       black on a plain 7-character plate (default 0.1; 1: off)

--db may be replaced by --config FILE (the database named in a gated configuration).
Ledger document images are kept in --docs-dir DIR, by default DATABASE.documents beside the
database file (content-addressed: <dir>/<2 hex>/<sha256>.jpg whatever the image format).
)";

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    std::cout << kUsage;
    return args.empty() ? 2 : 0;
  }
  auto parsed = gate::ctl::parse_args(args);
  if (!parsed.ok()) {
    std::cerr << "gatectl: " << parsed.error() << "\n\n" << kUsage;
    return 2;
  }
  return gate::ctl::run_command(parsed.value(), std::cout, std::cerr);
}
