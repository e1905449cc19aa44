#include "core/promise/history.hpp"

#include <algorithm>
#include <array>

#include "core/destination.hpp"
#include "core/promise/csv.hpp"
#include "core/warehouse.hpp"

namespace forewarn::core::promise {

namespace {

enum Column : std::size_t {
  kService,
  kOriginWarehouse,
  kOriginCountry,
  kOriginPostal,
  kDestinationCountry,
  kDestinationPostal,
  kShippedAt,
  kDeliveredAt,
  kCarrier,
  kTracking,
  kColumns
};

constexpr std::array<std::string_view, kColumns> kNames = {
    "service",     "origin_warehouse_id",     "origin_country", "origin_postal_code", "destination_country",
    "destination_postal_code", "shipped_at", "delivered_at",   "carrier",            "tracking_number"};

constexpr std::array<Column, 5> kRequired = {kService, kDestinationCountry, kDestinationPostal, kShippedAt,
                                             kDeliveredAt};

constexpr const char* kTimestampRule =
    "must be an RFC 3339 date-time with an offset, such as 2026-03-02T16:05:00-05:00";

std::string trim(const std::string& s) {
  const auto first = s.find_first_not_of(" \t");
  if (first == std::string::npos) return "";
  return s.substr(first, s.find_last_not_of(" \t") - first + 1);
}

// One row's fields by column (empty for a column the file does not have).
class RowReader {
 public:
  RowReader(const std::array<std::optional<std::size_t>, kColumns>& index, const std::vector<std::string>& fields,
            std::size_t line)
      : index_(index), fields_(fields), line_(line) {}

  std::string get(Column c) const { return index_[c] ? trim(fields_[*index_[c]]) : std::string(); }
  HistoryError error(Column c, std::string message) const {
    return HistoryError{line_, std::string(kNames[c]), std::move(message)};
  }

 private:
  const std::array<std::optional<std::size_t>, kColumns>& index_;
  const std::vector<std::string>& fields_;
  std::size_t line_;
};

struct Stamp {
  Instant at;
  calendar::Day local;
};

std::optional<Stamp> read_stamp(const std::string& text) {
  const auto at = parse_iso8601(text);
  if (!at) return std::nullopt;
  const auto local = calendar::parse_day(std::string_view(text).substr(0, 10));
  if (!local) return std::nullopt;
  return Stamp{*at, *local};
}

std::optional<HistoryError> read_row(const RowReader& in, const HistoryContext& context, HistoryRow& row) {
  row.service_id = in.get(kService);
  if (row.service_id.empty()) return in.error(kService, "is required");
  if (!context.is_service || !context.is_service(row.service_id))
    return in.error(kService, std::string("'") + row.service_id + "' is not a service of this tenant nor a built-in one");

  row.origin_warehouse_id = in.get(kOriginWarehouse);
  if (!row.origin_warehouse_id.empty()) {
    const auto it = context.warehouses.find(row.origin_warehouse_id);
    if (it == context.warehouses.end())
      return in.error(kOriginWarehouse, std::string("'") + row.origin_warehouse_id + "' is not a warehouse of this tenant");
    row.origin_country = it->second.country;
    row.origin_postal_code = it->second.postal_code;
  } else {
    row.origin_country = in.get(kOriginCountry);
    row.origin_postal_code = in.get(kOriginPostal);
    if (row.origin_country.empty())
      return in.error(kOriginCountry, "is required when origin_warehouse_id is empty");
    if (!is_country_code(row.origin_country)) return in.error(kOriginCountry, kCountryRule);
    if (!row.origin_postal_code.empty() && !is_valid_postal_code(row.origin_country, row.origin_postal_code))
      return in.error(kOriginPostal, std::string("is not a postal code of ") + row.origin_country + ": expected " +
                                         postal_code_hint(row.origin_country));
  }

  row.destination_country = in.get(kDestinationCountry);
  if (!is_country_code(row.destination_country)) return in.error(kDestinationCountry, kCountryRule);
  row.destination_postal_code = in.get(kDestinationPostal);
  if (!is_valid_postal_code(row.destination_country, row.destination_postal_code))
    return in.error(kDestinationPostal, std::string("is not a postal code of ") + row.destination_country + ": expected " +
                                            postal_code_hint(row.destination_country));

  const auto shipped = read_stamp(in.get(kShippedAt));
  if (!shipped) return in.error(kShippedAt, kTimestampRule);
  const auto delivered = read_stamp(in.get(kDeliveredAt));
  if (!delivered) return in.error(kDeliveredAt, kTimestampRule);
  if (delivered->at < shipped->at) return in.error(kDeliveredAt, "is before shipped_at");
  if (delivered->at - shipped->at > std::chrono::hours{24 * kMaxHistoryTransitDays})
    return in.error(kDeliveredAt, std::string("is more than ") + std::to_string(kMaxHistoryTransitDays) + " days after shipped_at");
  row.shipped_at = shipped->at;
  row.shipped_local = shipped->local;
  row.delivered_at = delivered->at;
  row.delivered_local = delivered->local;

  row.carrier = in.get(kCarrier);
  if (row.carrier.size() > 100) return in.error(kCarrier, "must be at most 100 characters");
  row.tracking_number = in.get(kTracking);
  if (row.tracking_number.size() > 64) return in.error(kTracking, "must be at most 64 characters");

  // The row's identity: fields joined by a separator that trimmed CSV text cannot hold.
  auto join = [](std::initializer_list<std::string_view> parts) {
    std::string key;
    for (const auto part : parts) {
      if (!key.empty()) key += '\x1f';
      key += part;
    }
    return key;
  };
  if (!row.tracking_number.empty()) {
    row.row_key = join({"tracking", row.service_id, row.tracking_number});
  } else {
    row.row_key = join({"row", row.service_id, row.origin_warehouse_id, row.origin_country, row.origin_postal_code,
                        row.destination_country, row.destination_postal_code, format_iso8601(row.shipped_at),
                        format_iso8601(row.delivered_at)});
  }
  return std::nullopt;
}

}  // namespace

std::string to_string(const HistoryError& e) {
  std::string out = std::string("line ") + std::to_string(e.line);
  if (!e.column.empty()) out += std::string(", column ") + e.column;
  out += ": ";
  return out + e.message;
}

HistoryParse parse_history_csv(std::string_view text, const HistoryContext& context) {
  HistoryParse out;
  const CsvParse csv = read_csv_table(text);
  if (csv.error) {
    out.error = HistoryError{csv.error->line, "", csv.error->message};
    return out;
  }
  if (csv.table.header.empty()) {
    out.error = HistoryError{1, "", "the file is empty: expected a header line naming the columns"};
    return out;
  }

  std::array<std::optional<std::size_t>, kColumns> index;
  for (std::size_t i = 0; i < csv.table.header.size(); ++i) {
    std::string name = trim(csv.table.header[i]);
    if (name == "service_id") name = "service";  // the same column under its other usual name
    const auto it = std::find(kNames.begin(), kNames.end(), name);
    if (it == kNames.end()) {
      out.error = HistoryError{1, name, "is not a known column (see the README for the format)"};
      return out;
    }
    auto& slot = index[static_cast<std::size_t>(it - kNames.begin())];
    if (slot) {
      out.error = HistoryError{1, name, "appears twice in the header"};
      return out;
    }
    slot = i;
  }
  for (Column c : kRequired) {
    if (!index[c]) {
      out.error = HistoryError{1, std::string(kNames[c]), "is missing from the header"};
      return out;
    }
  }
  if (!index[kOriginWarehouse] && !index[kOriginCountry]) {
    out.error = HistoryError{1, "origin_warehouse_id", "the header needs origin_warehouse_id or origin_country"};
    return out;
  }

  out.rows.reserve(csv.table.rows.size());
  for (std::size_t r = 0; r < csv.table.rows.size(); ++r) {
    HistoryRow row;
    row.line = csv.table.row_lines[r];
    if (auto err = read_row(RowReader(index, csv.table.rows[r], row.line), context, row)) {
      out.rows.clear();
      out.error = std::move(err);
      return out;
    }
    out.rows.push_back(std::move(row));
  }
  return out;
}

}  // namespace forewarn::core::promise
