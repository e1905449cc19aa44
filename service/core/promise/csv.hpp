// A small RFC 4180 CSV reader. Pure: it reads from memory and reports each
// record to a callback. Quoted fields may hold commas, doubled quotes ("")
// and line breaks; records end with LF or CRLF; a UTF-8 byte-order mark at
// the start is skipped; blank lines are skipped. Every record must have as
// many fields as the first one (the header).
//
// Errors are values: an unterminated quote, a character after a closing
// quote, or a record with the wrong number of fields stops the parse and
// names the (1-based, physical) line where the offending record starts.
// Leniency: a quote in the middle of an unquoted field is kept literally.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace forewarn::core::promise {

struct CsvError {
  std::size_t line = 0;  // 1-based physical line where the bad record starts
  std::string message;   // e.g. "unterminated quoted field"
};

// "line 12: unterminated quoted field"
std::string to_string(const CsvError& e);

// Called once per record (the header included) with its fields and the
// physical line on which it starts. Return false to stop early (not an error).
using CsvRecordFn = std::function<bool(const std::vector<std::string>& fields, std::size_t line)>;

// Parses `text` record by record. nullopt on success, else the first error.
std::optional<CsvError> parse_csv(std::string_view text, const CsvRecordFn& on_record);

// Convenience: the whole table in memory (header = first record).
struct CsvTable {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::vector<std::size_t> row_lines;  // physical start line of each row
};
struct CsvParse {
  CsvTable table;
  std::optional<CsvError> error;  // set: `table` holds the rows read before it
};
CsvParse read_csv_table(std::string_view text);

}  // namespace forewarn::core::promise
