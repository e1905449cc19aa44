// Typed access to the database: each function runs named statements from
// db/sql.hpp inside the caller's transaction. Every function that touches
// tenant data takes the tenant id and filters by it.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include "core/checkout.hpp"
#include "core/preferences.hpp"
#include "core/messages/templates/render.hpp"
#include "core/promise/history.hpp"
#include "core/tenant_service.hpp"
#include "core/shipment/evaluate.hpp"
#include "core/shipment/shipment.hpp"
#include "core/time.hpp"
#include "core/tracking/status.hpp"
#include "core/warehouse.hpp"

namespace forewarn::db {

// --- tenants and keys ---
struct TenantRow {
  std::string id, name, created_at;
  long long active_keys = 0;
};
std::string insert_tenant(pqxx::work& tx, const std::string& name, Instant now);
std::vector<TenantRow> list_tenants(pqxx::transaction_base& tx);
// By id or exact name; nullopt when there is none, throws when a name is ambiguous.
std::optional<TenantRow> find_tenant(pqxx::transaction_base& tx, const std::string& id_or_name);

struct KeyRecord {
  std::string tenant_id, secret_hash_hex, tenant_name;
  bool revoked = false;
};
void insert_api_key(pqxx::work& tx, const std::string& tenant_id, const std::string& prefix,
                    const std::string& secret_hash_hex, const std::string& label, Instant now);
std::optional<KeyRecord> find_api_key(pqxx::transaction_base& tx, const std::string& prefix);
bool revoke_api_key(pqxx::work& tx, const std::string& prefix, Instant now);
struct KeyRow {
  std::string prefix, label, created_at, revoked_at;
};
std::vector<KeyRow> list_api_keys(pqxx::transaction_base& tx, const std::string& tenant_id);

// --- warehouses ---
// nullopt: a warehouse of that name exists already.
std::optional<Warehouse> insert_warehouse(pqxx::work& tx, const std::string& tenant_id, const Warehouse& w, Instant now);
std::optional<Warehouse> get_warehouse(pqxx::transaction_base& tx, const std::string& tenant_id, const std::string& id);
std::vector<Warehouse> list_warehouses(pqxx::transaction_base& tx, const std::string& tenant_id,
                                       const std::optional<std::pair<std::string, std::string>>& after, int limit);
std::optional<Warehouse> update_warehouse(pqxx::work& tx, const std::string& tenant_id, const Warehouse& w, Instant now);
bool delete_warehouse(pqxx::work& tx, const std::string& tenant_id, const std::string& id);

// --- events ---
struct EventRow {
  std::string id;
  nlohmann::json definition;  // the JSON form of core/event_json.hpp
  std::string created_at;
};
// nullopt: an event of that name exists already.
std::optional<EventRow> insert_event(pqxx::work& tx, const std::string& tenant_id, const std::string& name,
                                     const nlohmann::json& definition, Instant now);
std::vector<EventRow> list_events(pqxx::transaction_base& tx, const std::string& tenant_id);
std::optional<EventRow> get_event(pqxx::transaction_base& tx, const std::string& tenant_id, const std::string& id);
bool delete_event(pqxx::work& tx, const std::string& tenant_id, const std::string& id);

// --- carrier services (a tenant's own) ---
// nullopt: the tenant has a service with that id already. An empty s.id is generated.
std::optional<TenantService> insert_carrier_service(pqxx::work& tx, const std::string& tenant_id,
                                                    const TenantService& s, Instant now);
std::optional<TenantService> get_carrier_service(pqxx::transaction_base& tx, const std::string& tenant_id,
                                                 const std::string& id);
std::vector<TenantService> list_carrier_services(pqxx::transaction_base& tx, const std::string& tenant_id,
                                                 const std::optional<std::pair<std::string, std::string>>& after,
                                                 int limit);
// Every service of the tenant (all pages).
std::vector<TenantService> all_carrier_services(pqxx::transaction_base& tx, const std::string& tenant_id);
// nullopt: there is no such service.
std::optional<TenantService> replace_carrier_service(pqxx::work& tx, const std::string& tenant_id,
                                                     const TenantService& s, Instant now);
bool delete_carrier_service(pqxx::work& tx, const std::string& tenant_id, const std::string& id);

// --- delivery history (forewarn import-history) and the model's observations ---
struct HistoryImport {
  std::size_t added = 0;    // new rows
  std::size_t present = 0;  // rows whose row key was imported before (or repeated in the file)
};
HistoryImport insert_delivery_history(pqxx::work& tx, const std::string& tenant_id,
                                      const std::vector<core::promise::HistoryRow>& rows, Instant now);
long long count_delivery_history(pqxx::transaction_base& tx, const std::string& tenant_id);
// Every warehouse of the tenant (all pages).
std::vector<Warehouse> all_warehouses(pqxx::transaction_base& tx, const std::string& tenant_id);

// One delivered shipment from the view transit_observations.
struct ObservationRow {
  std::string service_id;
  std::string origin_country, origin_postal_code, destination_country, destination_postal_code;
  std::string shipped_local_date, delivered_local_date;  // YYYY-MM-DD
  std::string delivered_at;                              // RFC 3339, UTC
};
std::vector<std::string> observation_tenants(pqxx::transaction_base& tx);
std::vector<ObservationRow> list_transit_observations(pqxx::transaction_base& tx, const std::string& tenant_id);
// --- carrier slip (core/promise/slip_model.hpp) ---
// Tenants with parcels whose first carrier estimate is within [from, to].
std::vector<std::string> slip_tenants(pqxx::transaction_base& tx, core::calendar::Day from, core::calendar::Day to);
// The tenant's parcels whose first estimate is within [from, to] and that had
// no carrier exception, as slip records (the shipment's service, else the
// carrier's everyday one; the delivery day and `now`'s day in the
// destination's zone).
std::vector<core::promise::SlipRecord> slip_observations(pqxx::transaction_base& tx, const std::string& tenant_id,
                                                         core::calendar::Day from, core::calendar::Day to,
                                                         Instant now);
// Replaces the tenant's learned slips (TenantSnapshot::slips reads them).
void replace_service_slips(pqxx::work& tx, const std::string& tenant_id,
                           const std::map<std::string, core::promise::ServiceSlip>& slips, Instant now);
// --- parcels that never arrive (core/promise/non_arrival.hpp) ---
// Tenants with parcels registered within [from, to).
std::vector<std::string> non_arrival_tenants(pqxx::transaction_base& tx, Instant from, Instant to);
// Per carrier, the tenant's parcels registered within [from, to) and those of
// them that failed (non_arrival.hpp).
std::vector<core::promise::NonArrivalCount> non_arrival_counts(pqxx::transaction_base& tx, const std::string& tenant_id,
                                                               Instant from, Instant to);
// Replaces the tenant's rates (TenantSnapshot::non_arrival reads them).
void replace_non_arrivals(pqxx::work& tx, const std::string& tenant_id,
                          const std::map<std::string, core::promise::NonArrival>& rates, Instant now);
// --- shipments ---
// nullopt: a shipment with that carrier and tracking number exists already.
// Inserts the contacts too; the first poll is due at `now`.
std::optional<shipment::Shipment> insert_shipment(pqxx::work& tx, const std::string& tenant_id,
                                                  const shipment::Shipment& s, Instant now);
std::optional<shipment::Shipment> get_shipment(pqxx::transaction_base& tx, const std::string& tenant_id,
                                               const std::string& id);
std::optional<shipment::Shipment> find_shipment_by_tracking(pqxx::transaction_base& tx, const std::string& tenant_id,
                                                            const std::string& carrier,
                                                            const std::string& tracking_number);
struct ShipmentFilter {
  std::optional<std::string> status, risk, event_id, order_id;
  std::optional<std::string> updated_since;  // RFC 3339
  std::optional<bool> active;
};
// Oldest first, after the (created_at, id) cursor.
std::vector<shipment::Shipment> list_shipments(pqxx::transaction_base& tx, const std::string& tenant_id,
                                               const ShipmentFilter& filter,
                                               const std::optional<std::pair<std::string, std::string>>& after,
                                               int limit);
// PATCH: promise, event, customer standing, and the contacts (replaced).
std::optional<shipment::Shipment> update_shipment(pqxx::work& tx, const std::string& tenant_id,
                                                  const shipment::Shipment& s, Instant now);
// DELETE: stops tracking (active = false, no more polls); keeps the record.
bool stop_shipment(pqxx::work& tx, const std::string& tenant_id, const std::string& id, Instant now);
// The shipment's events, newest first.
std::vector<shipment::StoredEvent> list_tracking_events(pqxx::transaction_base& tx, const std::string& tenant_id,
                                                        const std::string& shipment_id, int limit);

struct IdempotencyRecord {
  std::string request_hash;  // hex SHA-256 of the request
  std::string shipment_id;
};
std::optional<IdempotencyRecord> find_idempotency_key(pqxx::transaction_base& tx, const std::string& tenant_id,
                                                      const std::string& key);
// false: the key was taken meanwhile (by a concurrent request).
bool insert_idempotency_key(pqxx::work& tx, const std::string& tenant_id, const std::string& key,
                            const IdempotencyRecord& record, Instant now);

// --- tracking ingestion: the one way carrier news reaches a shipment ---
// Used by the aggregator webhooks (one shipment) and by the poller (a round of
// hundreds). In the caller's transaction and in three statements whatever the
// round's size: locks the shipments' rows (in id order), appends the results'
// events that are new (de-duplicated by their fingerprint, core/shipment/
// evaluate.hpp), runs shipment::evaluate_shipment for each and writes its state
// (status, substatus, exception reason, carrier EDD, delivered_at, last event,
// active; next_poll_at is cleared once the shipment is inactive), closing the
// poll leases in the same UPDATE. `source` names where a result came from: the
// carrier ("ups", ...) for a poll, "easypost" / "aftership" for a webhook.
struct IngestResult {
  bool found = false;  // the shipment exists for this tenant
  int new_events = 0;
  bool status_changed = false;
  bool active = false;
  std::string status;
  bool lease_lost = false;  // finish_lease was asked but `worker` no longer held the lease
  std::optional<std::string> risk;  // core::risk::risk_label after the round ("at_risk", ...)
};
struct TrackingNews {
  std::string tenant_id;
  std::string shipment_id;
  std::string source;
  const tracking::TrackingResult* result = nullptr;  // null: nothing new (a failed or deferred poll)
  bool finish_lease = false;  // the poller's: close `worker`'s lease on this shipment
  bool failed = false;        // with finish_lease: the poll failed (poll_failures + 1; else reset)
  bool reassess = false;      // the sweep: assess (and decide) even without news
};
// What the decisions need of the process: the public base URL of the
// unsubscribe links (FOREWARN_PUBLIC_URL).
struct MessagingSettings {
  std::string public_url = "http://127.0.0.1:8080";
};
// The next poll of entry `index` (called only for finish_lease entries whose
// lease is still the worker's), from what its ingestion found.
using NextPoll = std::function<Instant(std::size_t index, const IngestResult&)>;
std::vector<IngestResult> record_tracking_round(pqxx::work& tx, const std::vector<TrackingNews>& round,
                                                const std::string& worker, const NextPoll& next_poll, Instant now,
                                                const MessagingSettings& messaging = {});
// Every shipment whose news changed something or added an event (or that the
// sweep names) is assessed again by the risk model (core/risk/situation.hpp),
// and its `risk` and `assessed_at` written. Then the decisions, in the same
// transaction: core/messages/decide for each assessed shipment with its
// episodes and the tenant's policy; when one has something to say, every
// other shipment of its order is assessed and decided too, so a gift order
// gets one message covering all its recipients (core/messages/outbox); each
// message's episodes are inserted first (message_episodes: one message per
// episode, whichever replica decided) and the message written to the outbox.
// One result, no lease (a webhook).
IngestResult record_tracking_result(pqxx::work& tx, const std::string& tenant_id, const std::string& shipment_id,
                                    const tracking::TrackingResult& result, const std::string& source, Instant now,
                                    const MessagingSettings& messaging = {});

// A body forewarn could not use, kept whole (bytes as received) for an
// operator: `kind` is a tracking::ErrorKind name, or "unmatched" for a
// webhook about no known shipment. Returns the fault's id.
long long record_carrier_fault(pqxx::work& tx, const std::string& tenant_id,
                               const std::optional<std::string>& shipment_id, const std::string& source,
                               const std::string& kind, const std::string& reason, const std::string& carrier_code,
                               std::string_view raw_body, Instant now);

struct WebhookTarget {
  std::string shipment_id;
  bool stopped = false;
};
// The shipment a webhook about `tracking_number` updates: the one of
// `carrier` if there is one, else the oldest with that number.
std::optional<WebhookTarget> find_shipment_for_webhook(pqxx::transaction_base& tx, const std::string& tenant_id,
                                                       const std::string& tracking_number, const std::string& carrier);

// --- the poller's lease (FOR UPDATE SKIP LOCKED: correct with many replicas) ---
struct LeasedShipment {
  std::string tenant_id, id, carrier, tracking_number;
  std::optional<std::string> service;
  tracking::Status status = tracking::Status::unknown;
  int poll_failures = 0;
  std::optional<Instant> last_event_at;
  std::optional<std::string> carrier_estimated_delivery, promised_date;  // YYYY-MM-DD
  std::optional<std::string> destination_time_zone;
  Instant next_poll_at{};
};
// Leases up to `limit` active shipments whose poll is due at `now` and whose
// previous lease (if any) has run out, to `worker` until now + lease_for.
std::vector<LeasedShipment> lease_due_shipments(pqxx::work& tx, const std::string& worker, Instant now,
                                                Duration lease_for, int limit);
// Ends `worker`'s lease: the next poll at `next_poll_at` (ignored once the
// shipment is inactive), the failure count reset or incremented. false when
// the lease was no longer `worker`'s (it ran out and another worker took it).
bool finish_poll(pqxx::work& tx, const std::string& tenant_id, const std::string& shipment_id,
                 const std::string& worker, Instant next_poll_at, bool failed, Instant now);

// --- webhook secrets (kept as given: an HMAC needs the key itself) ---
struct WebhookSecretRow {
  std::string provider, created_at, updated_at;
  bool created = false;  // put_webhook_secret: a new secret rather than a replacement
};
WebhookSecretRow put_webhook_secret(pqxx::work& tx, const std::string& tenant_id, const std::string& provider,
                                    const std::string& secret, Instant now);
std::optional<std::string> get_webhook_secret(pqxx::transaction_base& tx, const std::string& tenant_id,
                                              const std::string& provider);
std::vector<WebhookSecretRow> list_webhook_secrets(pqxx::transaction_base& tx, const std::string& tenant_id);
bool delete_webhook_secret(pqxx::work& tx, const std::string& tenant_id, const std::string& provider);

// =================================================================================
// --- messages: the outbox, its dispatch and the tenants' providers (issue 5) ---
// =================================================================================
// One message a decision wants sent. kind: will_miss_deadline, delay_apology,
// back_on_track, delivered_late_followup, action_required; channel: email |
// sms; audience: purchaser | recipient. episode_key names the episode (the
// decision's rule: one message per kind per deadline per shipment/gift); the
// outbox keeps one message per (episode_key, channel, recipient_address).
struct NewMessage {
  std::string kind, channel, audience;
  std::string contact_ref;        // e.g. "purchaser", "recipient:2"
  std::string recipient_name;
  std::string recipient_address;  // e-mail address or E.164 number (never logged raw)
  std::string locale = "en";
  std::string episode_key;
  std::string subject, body_text, body_html;  // rendered; body_text is the SMS for sms
  std::string list_unsubscribe_url;
  std::vector<std::string> shipment_ids;      // the shipments it is about (several for a gift summary)
  Instant send_at{};                          // not before (quiet hours end, ...)
  std::string status = "pending";             // or "suppressed" (opted out; last_error says why)
  std::optional<std::string> last_error;
  std::string tier;                           // the customer's tier as decided
  std::string remedy_kind;                    // "" = none
  double remedy_cost = 0;                     // charged to the month's budget
  std::optional<double> remedy_amount;        // shown to the customer
  std::string time_zone = "UTC";              // the addressee's (quiet hours were planned in it)
  // The quiet hours the decision used (minutes of the local day; -1: none),
  // checked again at send time, and when waiting would make it useless.
  int quiet_start = -1, quiet_end = -1;
  std::optional<Instant> useful_until;
  // After this, not worth sending (a warning about a deadline: the deadline;
  // migration 0015): the dispatcher cancels it instead.
  std::optional<Instant> stale_at;
};
struct InsertedMessage {
  std::string id;
  bool created = false;  // false: the episode had its message already (that one is returned)
  std::string status;
};
// THE way to put a message in the outbox, inside the caller's transaction
// (the same one as the tracking event that caused it). Idempotent per
// episode: ON CONFLICT the existing message is returned, no second row.
InsertedMessage insert_message(pqxx::work& tx, const std::string& tenant_id, const NewMessage& m, Instant now);

struct MessageRow {
  std::string id, kind, channel, audience, contact_ref, recipient_name, recipient_address, locale, episode_key;
  std::string subject, body_text, body_html, status, send_at;
  int attempts = 0;
  std::string next_attempt_at;
  std::optional<std::string> provider;
  std::optional<int> provider_priority;
  std::optional<std::string> provider_message_id, last_error, sent_at;
  std::string created_at, updated_at;
  std::vector<std::string> shipment_ids;
  std::string list_unsubscribe_url;
  std::string tier, remedy_kind;
  double remedy_cost = 0;
  std::optional<double> remedy_amount;
  std::string time_zone;
  std::vector<std::string> episode_keys;  // every episode it opened (one per shipment line)
};
struct MessageAttemptRow {
  int attempt = 0;
  std::string provider;
  std::optional<int> priority;
  std::string outcome;  // sending, accepted, transient, permanent, interrupted, status, retry
  int code = 0;
  std::string reason, at;
};
struct MessageFilter {
  std::optional<std::string> status, kind, recipient, shipment_id, channel;
};
std::optional<MessageRow> get_message(pqxx::transaction_base& tx, const std::string& tenant_id, const std::string& id);
// Oldest first, after the (created_at, id) cursor.
std::vector<MessageRow> list_messages(pqxx::transaction_base& tx, const std::string& tenant_id,
                                      const MessageFilter& filter,
                                      const std::optional<std::pair<std::string, std::string>>& after, int limit);
std::vector<MessageAttemptRow> list_message_attempts(pqxx::transaction_base& tx, const std::string& tenant_id,
                                                     const std::string& message_id);
// Every tenant's messages by status (the dispatch gauges).
std::vector<std::pair<std::string, long long>> count_messages_by_status(pqxx::transaction_base& tx);

// The dispatchers' lease (FOR UPDATE SKIP LOCKED: correct with many replicas).
struct LeasedMessage {
  std::string tenant_id, id, kind, channel, recipient_name, recipient_address, locale;
  std::string subject, body_text, body_html, list_unsubscribe_url;
  bool interrupted = false;        // it was `sending` under a lease that ran out
  int attempt = 0;                 // this attempt's number (attempts, this one included)
  int attempts_since_retry = 0;    // the same, counted from the last retry by hand
  int primary_failures = 0;
  std::optional<int> previous_priority;
  // Set when the recipient's preferences (recipient_preferences) forbid the
  // message now: it was marked `suppressed` with this reason instead of
  // leased (no attempt counted), and must not be sent.
  std::optional<std::string> suppressed;
  // For the quiet-hours check at send time (NewMessage's).
  std::string time_zone;
  int quiet_start = -1, quiet_end = -1;
  std::optional<Instant> useful_until;
  std::optional<Instant> stale_at;  // NewMessage's
};
// Leases up to `limit` messages that are due (send_at and next_attempt_at <=
// now, pending, or sending under a lease that ran out) to `worker` until now +
// lease_for; marks them `sending` and counts the attempt. In the same
// statement, a due message whose recipient opted out (or turned its channel
// off) since it was queued becomes `suppressed` (last_error says why) and
// comes back with `suppressed` set.
std::vector<LeasedMessage> lease_due_messages(pqxx::work& tx, const std::string& worker, Instant now,
                                              Duration lease_for, int limit);
// Gives leased messages back unsent until `until` (quiet hours at send time):
// the lease and its attempt are undone, the status is what it was.
struct HeldMessage {
  std::string tenant_id, message_id;
  bool interrupted = false;  // it was `sending` (LeasedMessage::interrupted): it stays so
  Instant until{};
};
void hold_messages(pqxx::work& tx, const std::string& worker, const std::vector<HeldMessage>& held);
// Cancels leased messages too late to be worth sending (LeasedMessage::stale_at):
// kExpireMessages in db/sql.hpp. `why` goes to last_error.
struct ExpiredMessage {
  std::string tenant_id, message_id;
};
void expire_messages(pqxx::work& tx, const std::string& worker, const std::vector<ExpiredMessage>& expired,
                     const std::string& why, Instant now);
struct AttemptStart {
  std::string tenant_id, message_id;
  int attempt = 0;
  std::string provider;  // kind, "" when the tenant has no provider for the channel
  int priority = 0;      // 1, 2; 0: none
  bool interrupted = false;
};
// In the lease's transaction, before any call: the provider of each attempt
// and its `sending` row (and an `interrupted` row for a lease that ran out).
void begin_attempts(pqxx::work& tx, const std::string& worker, const std::vector<AttemptStart>& attempts, Instant now);
struct SendRecord {
  std::string tenant_id, message_id;
  int attempt = 0;
  std::string provider;
  int priority = 0;
  std::string outcome;              // accepted, transient, permanent
  int code = 0;
  std::string reason;               // the provider's words
  std::string provider_message_id;
  std::string status;               // the message's next status: sent, pending, failed
  Instant next_attempt_at{};
  int primary_failures = 0;
};
// After the call: the outcome row (always) and the message's new state. false
// when the lease was no longer `worker`'s (it ran out; another worker has it).
// One statement: run it in a nontransaction (autocommit) for one round trip.
bool record_send_outcome(pqxx::transaction_base& tx, const std::string& worker, const SendRecord& r, Instant now);
// The same for several outcomes in one statement; kept[i] for records[i].
std::vector<bool> record_send_outcomes(pqxx::transaction_base& tx, const std::string& worker,
                                       const std::vector<SendRecord>& records, Instant now);

// A provider's status webhook: the message `provider` sent as
// `provider_message_id` is now `event` (delivered, bounced, failed,
// complained). found = false: no such message; changed = false: the status
// does not move it forward (core/dispatch/policy.hpp).
struct StatusApplied {
  bool found = false, changed = false;
  std::string message_id, status;
};
StatusApplied apply_provider_status(pqxx::work& tx, const std::string& tenant_id, const std::string& provider,
                                    const std::string& provider_message_id, const std::string& event,
                                    const std::string& reason, Instant now);

// POST /v1/messages/{id}/retry: a failed (or bounced) message goes back to
// pending, due now, with a fresh count of attempts.
enum class RetryResult { retried, not_found, not_retryable };
RetryResult retry_message(pqxx::work& tx, const std::string& tenant_id, const std::string& id, Instant now,
                          std::string* current_status = nullptr);

struct ProviderRow {
  std::string channel;
  int priority = 1;
  std::string kind;         // smtp, sendgrid, postmark, twilio, vonage
  nlohmann::json config;    // with the secrets, as stored
  std::string webhook_token;
  std::string created_at, updated_at;
};
std::vector<ProviderRow> list_tenant_providers(pqxx::transaction_base& tx, const std::string& tenant_id,
                                               const std::optional<std::string>& channel = std::nullopt);
// Replaces the channel's providers: rows[0] primary, rows[1] (optional) secondary.
void put_tenant_providers(pqxx::work& tx, const std::string& tenant_id, const std::string& channel,
                          const std::vector<ProviderRow>& rows, Instant now);
// --- message templates (issue 5: templates) ---
// A tenant's own templates for a kind, channel and locale; parts: part name →
// Mustache source. Validate before put (core/messages/templates/render.hpp
// validate_parts): the table trusts its callers.
struct TemplateRow {
  std::string kind, channel, locale;
  std::map<std::string, std::string> parts;
  std::string created_at, updated_at;
  bool created = false;  // put_template: a new row rather than a replacement
};
TemplateRow put_template(pqxx::work& tx, const std::string& tenant_id, const std::string& kind,
                         const std::string& channel, const std::string& locale,
                         const std::map<std::string, std::string>& parts, Instant now);
std::optional<TemplateRow> get_template(pqxx::transaction_base& tx, const std::string& tenant_id,
                                        const std::string& kind, const std::string& channel, const std::string& locale);
std::vector<TemplateRow> list_templates(pqxx::transaction_base& tx, const std::string& tenant_id);
bool delete_template(pqxx::work& tx, const std::string& tenant_id, const std::string& kind, const std::string& channel,
                     const std::string& locale);
// Every locale's override of one kind and channel, as render_message takes them.
std::vector<core::messages::templates::TemplateOverride> template_overrides(pqxx::transaction_base& tx,
                                                                            const std::string& tenant_id,
                                                                            const std::string& kind,
                                                                            const std::string& channel);

bool is_uuid(const std::string& s);
// PostgreSQL array literal of strings: {"a","b"}; nullopt items are NULL.
std::string pg_text_array(const std::vector<std::string>& items);
std::string pg_text_array(const std::vector<std::optional<std::string>>& items);

// --- a tenant's checkout data (warehouses as calendars, events, own services) ---
// Events whose stored definition no longer parses are left out; their ids go
// to `unparsed` when given.
TenantSnapshot load_tenant_snapshot(pqxx::transaction_base& tx, const std::string& tenant_id,
                                    std::vector<std::string>* unparsed = nullptr);

// --- recipient preferences (core/preferences.hpp), keyed by normalized address ---
std::optional<Preferences> get_preferences(pqxx::transaction_base& tx, const std::string& tenant_id,
                                           const std::string& address);
Preferences put_preferences(pqxx::work& tx, const std::string& tenant_id, const std::string& address,
                            const Preferences& p, Instant now);
bool delete_preferences(pqxx::work& tx, const std::string& tenant_id, const std::string& address);
// An unsubscribe link (source "unsubscribe") or an SMS STOP ("sms_stop");
// opted_out false undoes it (SMS START).
void set_opt_out(pqxx::work& tx, const std::string& tenant_id, const std::string& address, bool opted_out,
                 const std::string& source, Instant now);

// --- signing keys shared by the replicas: created once, by whoever needs it first ---
// Returns the key's bytes; `fresh` (random bytes) is stored when none exists.
std::string signing_key(pqxx::work& tx, const std::string& name, const std::string& fresh, Instant now);


// =================================================================================
// --- decisions: the tenant's message policy, the sweep (issue 5) ---
// =================================================================================
struct TenantPolicyRow {
  std::string tenant_name;
  std::optional<std::string> policy;  // the stored JSON; nullopt: the defaults
  std::optional<std::string> updated_at;
};
std::optional<TenantPolicyRow> get_tenant_policy(pqxx::transaction_base& tx, const std::string& tenant_id);
void put_tenant_policy(pqxx::work& tx, const std::string& tenant_id, const std::string& policy_json, Instant now);
bool delete_tenant_policy(pqxx::work& tx, const std::string& tenant_id);
// The sweep: up to `limit` active shipments not assessed since `before`
// (oldest first, SKIP LOCKED), as TrackingNews with `reassess` set.
std::vector<TrackingNews> lease_assessments(pqxx::work& tx, Instant before, int limit);
// A warehouse's or event's change: its active shipments are swept at once.
void reassess_warehouse(pqxx::work& tx, const std::string& tenant_id, const std::string& warehouse_id);
void reassess_event(pqxx::work& tx, const std::string& tenant_id, const std::string& event_id);

// =================================================================================
// --- preferences at send time: inbound SMS STOP (issue 5 §6, dispatch2) ---
// =================================================================================
// Marks the tenant's queued (`pending`) messages to `address` on `channel`
// `suppressed` with `reason`: an opt-out applies to them at once. Messages
// being sent are left to the dispatcher's own check. Returns how many.
int suppress_queued_messages(pqxx::work& tx, const std::string& tenant_id, const std::string& address,
                             const std::string& channel, const std::string& reason, Instant now);

}  // namespace forewarn::db
