#include "firmware-host/ledger/xlsx_reader.h"

#include <expat.h>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <string_view>

#include "firmware-host/ledger/excel_date.h"
#include "firmware-host/ledger/zip_archive.h"

namespace gate::host {
namespace {

constexpr std::size_t kMaxPartBytes = 256u << 20;  // one XML part, unpacked
constexpr int kMaxColumns = 16384;                 // XFD, Excel's limit
constexpr int kMaxRows = 1048576;

// Element and attribute names with their namespace URI removed: the parser is created with
// namespace processing ("uri|local"), so prefixes (x:c, r:id) do not matter.
std::string_view local_name(const XML_Char* name) {
  const char* bar = std::strrchr(name, '|');
  return bar ? bar + 1 : name;
}

const char* attribute(const XML_Char** attrs, std::string_view name) {
  for (int i = 0; attrs[i] != nullptr; i += 2) {
    if (local_name(attrs[i]) == name) return attrs[i + 1];
  }
  return nullptr;
}

// Event handler over one XML part. Handlers must not throw (expat is C): they record the first
// problem in `error` instead.
class XmlScan {
 public:
  virtual ~XmlScan() = default;
  virtual void start(std::string_view /*name*/, const XML_Char** /*attrs*/) {}
  virtual void end(std::string_view /*name*/) {}
  virtual void text(std::string_view /*s*/) {}
  std::string error;
};

Status scan_xml(const std::string& xml, XmlScan& scan, const std::string& where) {
  XML_Parser p = XML_ParserCreateNS(nullptr, '|');
  if (p == nullptr) return Error{"out of memory creating an XML parser"};
  XML_SetUserData(p, &scan);
  XML_SetElementHandler(
      p,
      [](void* u, const XML_Char* n, const XML_Char** a) {
        static_cast<XmlScan*>(u)->start(local_name(n), a);
      },
      [](void* u, const XML_Char* n) { static_cast<XmlScan*>(u)->end(local_name(n)); });
  XML_SetCharacterDataHandler(p, [](void* u, const XML_Char* s, int len) {
    static_cast<XmlScan*>(u)->text(std::string_view(s, static_cast<std::size_t>(len)));
  });
  const bool ok = XML_Parse(p, xml.data(), static_cast<int>(xml.size()), 1) != XML_STATUS_ERROR;
  std::string message;
  if (!ok) {
    message = where + ": XML error at line " + std::to_string(XML_GetCurrentLineNumber(p)) + ": " +
              XML_ErrorString(XML_GetErrorCode(p)) + " (damaged workbook?)";
  }
  XML_ParserFree(p);
  if (!ok) return Error{message};
  if (!scan.error.empty()) return Error{where + ": " + scan.error};
  return Status::Ok();
}

// xl/workbook.xml: the first sheet (name, relationship id) and the date system.
struct WorkbookScan : XmlScan {
  void start(std::string_view name, const XML_Char** a) override {
    if (name == "workbookPr") {
      const char* d = attribute(a, "date1904");
      date1904 = d && (std::strcmp(d, "1") == 0 || std::strcmp(d, "true") == 0);
    } else if (name == "sheet" && rel_id.empty()) {
      const char* id = attribute(a, "id");
      const char* n = attribute(a, "name");
      rel_id = id ? id : "";
      sheet_name = n ? n : "";
    }
  }
  bool date1904 = false;
  std::string rel_id, sheet_name;
};

// xl/_rels/workbook.xml.rels: relationship id → target part.
struct RelsScan : XmlScan {
  void start(std::string_view name, const XML_Char** a) override {
    if (name != "Relationship") return;
    const char* id = attribute(a, "Id");
    const char* target = attribute(a, "Target");
    if (id && target) targets[id] = target;
  }
  std::map<std::string, std::string> targets;
};

// The text of <si> (shared strings) or <is> (inline strings): every <t>, runs included, except
// the phonetic guides in <rPh>.
struct StringItemText {
  void start(std::string_view name) {
    if (name == "rPh") ++phonetic;
    if (name == "t" && phonetic == 0) in_t = true;
  }
  void end(std::string_view name) {
    if (name == "rPh" && phonetic > 0) --phonetic;
    if (name == "t") in_t = false;
  }
  void text(std::string_view s) {
    if (in_t) value.append(s);
  }
  int phonetic = 0;
  bool in_t = false;
  std::string value;
};

struct SharedStringsScan : XmlScan {
  void start(std::string_view name, const XML_Char**) override {
    if (name == "si") item = StringItemText{};
    item.start(name);
  }
  void end(std::string_view name) override {
    item.end(name);
    if (name == "si") strings.push_back(std::move(item.value));
  }
  void text(std::string_view s) override { item.text(s); }
  StringItemText item;
  std::vector<std::string> strings;
};

// xl/styles.xml: for each cell format (<cellXfs><xf>), whether it shows a date.
struct StylesScan : XmlScan {
  void start(std::string_view name, const XML_Char** a) override {
    if (name == "numFmt") {
      const char* id = attribute(a, "numFmtId");
      const char* code = attribute(a, "formatCode");
      if (id && code) codes[std::atoi(id)] = code;
    } else if (name == "cellXfs") {
      in_cell_xfs = true;
    } else if (name == "xf" && in_cell_xfs) {
      const char* id = attribute(a, "numFmtId");
      const int fmt = id ? std::atoi(id) : 0;
      auto it = codes.find(fmt);
      is_date.push_back(is_date_format(fmt, it == codes.end() ? "" : it->second));
    }
  }
  void end(std::string_view name) override {
    if (name == "cellXfs") in_cell_xfs = false;
  }
  std::map<int, std::string> codes;
  bool in_cell_xfs = false;
  std::vector<bool> is_date;
};

// "AB12" → column 27 (0-based) and row 12; false when malformed.
bool parse_cell_ref(const char* ref, int& col, int& row) {
  col = 0;
  const char* p = ref;
  for (; *p >= 'A' && *p <= 'Z'; ++p) {
    col = col * 26 + (*p - 'A' + 1);
    if (col > kMaxColumns) return false;
  }
  if (p == ref || *p == '\0') return false;
  char* end = nullptr;
  long r = std::strtol(p, &end, 10);
  if (*end != '\0' || r < 1 || r > kMaxRows) return false;
  --col;
  row = static_cast<int>(r);
  return true;
}

struct SheetScan : XmlScan {
  SheetScan(const std::vector<std::string>& s, const std::vector<bool>& d, bool d1904)
      : shared(s), date_style(d), date1904(d1904) {}

  void start(std::string_view name, const XML_Char** a) override {
    if (name == "row") {
      const char* r = attribute(a, "r");
      row = XlsxRow{};
      row.number = r ? std::atoi(r) : last_row + 1;
      if (row.number < 1 || row.number > kMaxRows) fail("row number out of range");
      col = -1;
    } else if (name == "c") {
      const char* ref = attribute(a, "r");
      const char* t = attribute(a, "t");
      const char* s = attribute(a, "s");
      int r = 0;
      if (ref == nullptr) {
        ++col;
      } else if (!parse_cell_ref(ref, col, r)) {
        fail(std::string("cell reference '") + ref + "' is malformed");
      }
      type = t ? t : "n";
      style = s ? std::atoi(s) : 0;
      value.clear();
      inline_text = StringItemText{};
      in_v = in_is = false;
    } else if (name == "v") {
      in_v = true;
    } else if (name == "is") {
      in_is = true;
    } else if (in_is) {
      inline_text.start(name);
    }
  }

  void end(std::string_view name) override {
    if (name == "v") {
      in_v = false;
    } else if (name == "is") {
      in_is = false;
    } else if (in_is) {
      inline_text.end(name);
    } else if (name == "c") {
      add_cell();
    } else if (name == "row") {
      last_row = row.number;
      bool any = false;
      for (const auto& c : row.cells) any = any || c.type != XlsxCell::Type::kEmpty;
      if (any) rows.push_back(std::move(row));
    }
  }

  void text(std::string_view s) override {
    if (in_v) value.append(s);
    if (in_is) inline_text.text(s);
  }

  void fail(const std::string& why) {
    if (error.empty()) error = "row " + std::to_string(row.number) + ": " + why;
  }

  void add_cell() {
    if (col < 0 || col >= kMaxColumns) return fail("column out of range");
    XlsxCell cell;
    if (type == "s") {
      char* end = nullptr;
      const long i = std::strtol(value.c_str(), &end, 10);
      if (value.empty() || *end != '\0' || i < 0 || static_cast<std::size_t>(i) >= shared.size()) {
        return fail("shared string index '" + value + "' does not exist");
      }
      cell = {XlsxCell::Type::kText, shared[static_cast<std::size_t>(i)], 0};
    } else if (type == "inlineStr") {
      cell = {XlsxCell::Type::kText, inline_text.value, 0};
    } else if (type == "str" || type == "d") {
      // A formula's text result, or an ISO 8601 date written as text ("2024-05-01T00:00:00").
      std::string v = value;
      if (type == "d" && v.size() >= 10) v = v.substr(0, 10);
      cell = {XlsxCell::Type::kText, v, 0};
    } else if (type == "b") {
      cell = {XlsxCell::Type::kBool, value == "1" ? "1" : "0", 0};
    } else if (type == "e") {
      cell = {XlsxCell::Type::kError, value, 0};
    } else if (!value.empty()) {
      char* end = nullptr;
      const double n = std::strtod(value.c_str(), &end);
      if (*end != '\0') return fail("'" + value + "' is not a number");
      const bool date = style >= 0 && static_cast<std::size_t>(style) < date_style.size() &&
                        date_style[static_cast<std::size_t>(style)];
      auto as_date = date ? excel_serial_to_text(n, date1904) : std::nullopt;
      cell = as_date ? XlsxCell{XlsxCell::Type::kDate, *as_date, n}
                     : XlsxCell{XlsxCell::Type::kNumber, value, n};
    }
    if (static_cast<int>(row.cells.size()) <= col)
      row.cells.resize(static_cast<std::size_t>(col) + 1);
    row.cells[static_cast<std::size_t>(col)] = std::move(cell);
  }

  const std::vector<std::string>& shared;
  const std::vector<bool>& date_style;
  const bool date1904;
  std::vector<XlsxRow> rows;
  XlsxRow row;
  int last_row = 0;
  int col = -1;
  std::string type, value;
  int style = 0;
  bool in_v = false, in_is = false;
  StringItemText inline_text;
};

// The part a workbook relationship points at: targets are relative to xl/ unless absolute.
std::string part_path(const std::string& target) {
  if (!target.empty() && target[0] == '/') return target.substr(1);
  return "xl/" + target;
}

bool starts_with(const std::string& s, std::string_view prefix) {
  return s.compare(0, prefix.size(), prefix) == 0;
}

}  // namespace

Result<XlsxSheet> read_first_xlsx_sheet(const std::string& path) {
  {
    std::ifstream in(path, std::ios::binary);
    if (!in) return Error{"cannot open " + path};
    std::string magic(8, '\0');
    in.read(magic.data(), 8);
    if (starts_with(magic, "\xD0\xCF\x11\xE0")) {
      return Error{path +
                   " is an Excel 97-2003 workbook (.xls), not .xlsx; save it as "
                   "\"Excel Workbook (*.xlsx)\" or as CSV and import that"};
    }
    if (!starts_with(magic, "PK\x03\x04")) {
      return Error{path +
                   " is not an XLSX workbook (not a zip archive); save it as "
                   "\"Excel Workbook (*.xlsx)\" or as CSV"};
    }
  }
  auto zip = ZipArchive::Open(path);
  if (!zip.ok()) return Error{zip.error()};
  auto& z = *zip.value();
  auto part = [&](const std::string& name) { return z.read(name, kMaxPartBytes); };

  auto workbook = part("xl/workbook.xml");
  if (!workbook.ok()) return Error{workbook.error()};
  if (!workbook.value()) {
    return Error{path + " is a zip archive but not an XLSX workbook (no xl/workbook.xml)"};
  }
  WorkbookScan wb;
  if (Status st = scan_xml(*workbook.value(), wb, path + ": xl/workbook.xml"); !st.ok()) {
    return Error{st.message()};
  }
  std::string sheet_part = "xl/worksheets/sheet1.xml";
  auto rels = part("xl/_rels/workbook.xml.rels");
  if (!rels.ok()) return Error{rels.error()};
  if (rels.value() && !wb.rel_id.empty()) {
    RelsScan rs;
    if (Status st = scan_xml(*rels.value(), rs, path + ": xl/_rels/workbook.xml.rels"); !st.ok()) {
      return Error{st.message()};
    }
    if (auto it = rs.targets.find(wb.rel_id); it != rs.targets.end()) {
      sheet_part = part_path(it->second);
    }
  }

  SharedStringsScan ss;
  auto shared = part("xl/sharedStrings.xml");
  if (!shared.ok()) return Error{shared.error()};
  if (shared.value()) {
    if (Status st = scan_xml(*shared.value(), ss, path + ": xl/sharedStrings.xml"); !st.ok()) {
      return Error{st.message()};
    }
  }
  StylesScan styles;
  auto style_xml = part("xl/styles.xml");
  if (!style_xml.ok()) return Error{style_xml.error()};
  if (style_xml.value()) {
    if (Status st = scan_xml(*style_xml.value(), styles, path + ": xl/styles.xml"); !st.ok()) {
      return Error{st.message()};
    }
  }

  auto sheet_xml = part(sheet_part);
  if (!sheet_xml.ok()) return Error{sheet_xml.error()};
  if (!sheet_xml.value()) {
    return Error{path + ": the first worksheet (" + sheet_part +
                 ") is missing (damaged workbook?)"};
  }
  SheetScan sheet(ss.strings, styles.is_date, wb.date1904);
  if (Status st = scan_xml(*sheet_xml.value(), sheet, path + ": " + sheet_part); !st.ok()) {
    return Error{st.message()};
  }
  return XlsxSheet{wb.sheet_name, wb.date1904, std::move(sheet.rows)};
}

}  // namespace gate::host
