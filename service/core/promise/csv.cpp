#include "core/promise/csv.hpp"

namespace forewarn::core::promise {

std::string to_string(const CsvError& e) { return "line " + std::to_string(e.line) + ": " + e.message; }

std::optional<CsvError> parse_csv(std::string_view text, const CsvRecordFn& on_record) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);

  std::vector<std::string> fields;
  std::string field;
  std::size_t line = 1;          // current physical line
  std::size_t record_line = 1;   // line where the current record started
  std::size_t expected = 0;      // field count of the header; 0 = not known yet
  std::size_t i = 0;
  const std::size_t n = text.size();

  // Ends the current record; returns an error or nullopt, sets `stop`.
  bool stop = false;
  auto end_record = [&]() -> std::optional<CsvError> {
    fields.push_back(std::move(field));
    field.clear();
    // A line holding nothing at all is skipped (a trailing newline, say).
    const bool blank = fields.size() == 1 && fields[0].empty();
    if (!blank) {
      if (expected == 0) {
        expected = fields.size();
      } else if (fields.size() != expected) {
        return CsvError{record_line, "expected " + std::to_string(expected) + " fields, found " +
                                         std::to_string(fields.size())};
      }
      if (!on_record(fields, record_line)) stop = true;
    }
    fields.clear();
    return std::nullopt;
  };

  bool field_started_quoted = false;
  while (i < n && !stop) {
    const char c = text[i];
    if (field.empty() && !field_started_quoted && c == '"') {
      // A quoted field: read up to the closing quote.
      field_started_quoted = true;
      const std::size_t quote_line = line;
      ++i;
      bool closed = false;
      while (i < n) {
        const char q = text[i];
        if (q == '"') {
          if (i + 1 < n && text[i + 1] == '"') {
            field.push_back('"');
            i += 2;
            continue;
          }
          ++i;
          closed = true;
          break;
        }
        if (q == '\n') ++line;
        field.push_back(q);
        ++i;
      }
      if (!closed) return CsvError{quote_line, "unterminated quoted field (opened on this line)"};
      // After the closing quote: a separator, a line end, or the end of the text.
      if (i < n && text[i] != ',' && text[i] != '\n' && !(text[i] == '\r' && i + 1 < n && text[i + 1] == '\n') &&
          !(text[i] == '\r' && i + 1 == n))
        return CsvError{line, "unexpected character after a closing quote"};
      continue;
    }
    if (c == ',') {
      fields.push_back(std::move(field));
      field.clear();
      field_started_quoted = false;
      ++i;
      continue;
    }
    if (c == '\n' || (c == '\r' && (i + 1 == n || text[i + 1] == '\n'))) {
      i += (c == '\r' && i + 1 < n) ? 2 : 1;
      if (auto err = end_record()) return err;
      field_started_quoted = false;
      ++line;
      record_line = line;
      continue;
    }
    // A quote inside an unquoted field (5" screen) is not RFC 4180, but it
    // is common and unambiguous: it is kept as a character.
    field.push_back(c);
    ++i;
  }
  if (!stop && (!field.empty() || !fields.empty() || field_started_quoted)) {
    if (auto err = end_record()) return err;
  }
  return std::nullopt;
}

CsvParse read_csv_table(std::string_view text) {
  CsvParse out;
  bool first = true;
  out.error = parse_csv(text, [&](const std::vector<std::string>& f, std::size_t line) {
    if (first) {
      out.table.header = f;
      first = false;
    } else {
      out.table.rows.push_back(f);
      out.table.row_lines.push_back(line);
    }
    return true;
  });
  return out;
}

}  // namespace forewarn::core::promise
