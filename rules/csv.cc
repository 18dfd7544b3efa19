#include "rules/csv.h"

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

}  // namespace gate::rules
