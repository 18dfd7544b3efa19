// Excel's dates: numbers (days since an epoch) shown as dates by the cell's number format.
// Pure.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace gate::host {

// Whether number format `num_fmt_id` (with `format_code` for custom formats, id >= 164) shows a
// date: the built-in date formats (14-17, 22, and the Chinese-locale 27-36 and 50-58), or a
// custom code with a year or day part outside quotes and brackets. Time-only formats are not.
bool is_date_format(int num_fmt_id, std::string_view format_code);

// "YYYY-MM-DD" for a date serial, with " HH:MM:SS" when it has a time of day. The 1900 system
// counts 1900-01-01 as 1 and has Lotus's phantom 1900-02-29 (serial 60); the 1904 system
// (workbookPr date1904) counts from 1904-01-01 as 0. nullopt for negative or absurd serials.
std::optional<std::string> excel_serial_to_text(double serial, bool date1904);

}  // namespace gate::host
