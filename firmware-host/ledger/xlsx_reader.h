// A minimal reader for the first worksheet of an XLSX workbook (Office Open XML, as Excel and
// WPS save it): values only, no formulas, formatting or merged cells. The zip is read with
// minizip, the XML parts with expat: xl/workbook.xml (first sheet, 1904 date system), its
// relationships (the sheet's part), xl/sharedStrings.xml, xl/styles.xml (which cells show
// dates) and the sheet itself.
#pragma once

#include <string>
#include <vector>

#include "rules/result.h"

namespace gate::host {

struct XlsxCell {
  enum class Type { kEmpty, kText, kNumber, kDate, kBool, kError };
  Type type = Type::kEmpty;
  // Text as shown for text; the stored number ("5", "13.5") for numbers; "YYYY-MM-DD" (with
  // " HH:MM:SS" for a time of day) for numbers in a date format; "1"/"0" for booleans; the
  // error ("#N/A") for errors.
  std::string text;
  double number = 0;  // numbers and dates (the serial)
};

struct XlsxRow {
  int number = 0;               // 1-based row number as the spreadsheet shows it
  std::vector<XlsxCell> cells;  // by column, A = 0; missing cells are kEmpty
};

struct XlsxSheet {
  std::string name;
  bool date1904 = false;
  std::vector<XlsxRow> rows;  // rows with at least one cell, in order
};

// Errors name the file and say what to do (e.g. an old .xls: save it as .xlsx or CSV).
Result<XlsxSheet> read_first_xlsx_sheet(const std::string& path);

}  // namespace gate::host
