#include "rules/csv.h"

#include <cctype>

namespace gate::rules {

std::vector<std::vector<std::string>> split_csv(std::string_view text, std::vector<int>* lines) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  std::vector<std::vector<std::string>> records;
  std::vector<std::string> rec;
  std::string field;
  bool quoted = false;
  bool any = false;
  int line = 1;
  int rec_line = 1;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          field += '"';
          ++i;
        } else {
          quoted = false;
        }
      } else {
        if (c == '\n') ++line;
        field += c;
      }
      continue;
    }
    if (c == '"') {
      quoted = true;
      any = true;
    } else if (c == ',') {
      rec.push_back(std::move(field));
      field.clear();
      any = true;
    } else if (c == '\r') {
      // tolerated before \n
    } else if (c == '\n') {
      if (any || !field.empty()) {
        rec.push_back(std::move(field));
        records.push_back(std::move(rec));
        if (lines) lines->push_back(rec_line);
      }
      rec.clear();
      field.clear();
      any = false;
      ++line;
      rec_line = line;
    } else {
      field += c;
      any = true;
    }
  }
  if (any || !field.empty()) {
    rec.push_back(std::move(field));
    records.push_back(std::move(rec));
    if (lines) lines->push_back(rec_line);
  }
  return records;
}

std::string csv_field(std::string_view value) {
  if (value.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(value);
  std::string out = "\"";
  for (char c : value) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

namespace {

bool is_blank(std::string_view s) {
  for (char c : s) {
    if (c != ' ' && c != '\t') return false;
  }
  return true;
}

std::string field_number(const CsvLine& rec) {
  return "field " + std::to_string(rec.fields.size() + 1);
}

// One line's fields (RFC 4180, no line breaks inside fields). Blanks before an opening quote
// and after a closing one are tolerated, as hand-edited files have them.
CsvLine parse_csv_line(std::string_view raw, int line) {
  enum class State { kStart, kUnquoted, kQuoted, kAfterQuote };
  CsvLine rec{line, {}, ""};
  std::string field;
  State state = State::kStart;
  for (std::size_t i = 0; i < raw.size() && rec.error.empty(); ++i) {
    const char c = raw[i];
    if (state == State::kQuoted) {
      if (c != '"') {
        field += c;
      } else if (i + 1 < raw.size() && raw[i + 1] == '"') {
        field += '"';
        ++i;
      } else {
        state = State::kAfterQuote;
      }
    } else if (c == ',') {
      rec.fields.push_back(std::move(field));
      field.clear();
      state = State::kStart;
    } else if (state == State::kAfterQuote) {
      if (c != ' ' && c != '\t') {
        rec.error = field_number(rec) + " (\"" + field +
                    "\") has text after its closing quote; put the whole field in quotes and "
                    "write a quote inside it twice (\"\")";
      }
    } else if (c == '"' && is_blank(field)) {
      field.clear();
      state = State::kQuoted;
    } else if (c == '"') {
      rec.error = field_number(rec) + " ('" + field +
                  "\"…') has a quote inside a field that does not start with one; put the whole "
                  "field in quotes and write the quote twice (\"\")";
    } else {
      field += c;
      state = State::kUnquoted;
    }
  }
  if (rec.error.empty() && state == State::kQuoted) {
    rec.error = field_number(rec) +
                " opens a quote (\") that is not closed on this line; a ledger field never "
                "holds a line break: close the quote on this line, or remove it";
  }
  rec.fields.push_back(std::move(field));
  return rec;
}

bool is_plain_number(std::string_view v) {
  if (!v.empty() && (v[0] == '+' || v[0] == '-')) v.remove_prefix(1);
  bool digits = false, point = false;
  for (char c : v) {
    if (std::isdigit(static_cast<unsigned char>(c))) {
      digits = true;
    } else if (c == '.' && !point) {
      point = true;
    } else {
      return false;
    }
  }
  return digits;
}

}  // namespace

std::vector<CsvLine> read_csv_lines(std::string_view text) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  std::vector<CsvLine> out;
  int line = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t end = text.find('\n', pos);
    std::string_view raw = text.substr(pos, end == std::string_view::npos ? text.npos : end - pos);
    pos = end == std::string_view::npos ? text.size() : end + 1;
    ++line;
    if (!raw.empty() && raw.back() == '\r') raw.remove_suffix(1);
    if (!raw.empty()) out.push_back(parse_csv_line(raw, line));
  }
  return out;
}

bool looks_like_formula(std::string_view value) {
  if (value.empty()) return false;
  switch (value.front()) {
    case '=':
    case '@':
    case '\t':
    case '\r':
      return true;
    case '+':
    case '-':
      return !is_plain_number(value);
    default:
      return false;
  }
}

namespace {

// Apostrophes followed by text that looks like a formula: what the import reads as a guarded
// cell and strips one apostrophe of.
bool reads_as_guarded(std::string_view cell) {
  const std::size_t p = cell.find_first_not_of('\'');
  return p != 0 && p != std::string_view::npos && looks_like_formula(cell.substr(p));
}

}  // namespace

std::string spreadsheet_text(std::string_view value) {
  // A value that already reads as guarded ("'=x") gets one more apostrophe too, so that the
  // import gives it back unchanged.
  return looks_like_formula(value) || reads_as_guarded(value) ? "'" + std::string(value)
                                                              : std::string(value);
}

std::string_view without_formula_guard(std::string_view cell) {
  if (reads_as_guarded(cell)) cell.remove_prefix(1);
  return cell;
}

std::string spreadsheet_csv_field(std::string_view value) {
  return csv_field(spreadsheet_text(value));
}

}  // namespace gate::rules
