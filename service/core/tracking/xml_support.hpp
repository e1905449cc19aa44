// Namespace-agnostic pugixml helpers for the XML carrier codecs (UPS XML,
// FedEx SOAP, USPS Web Tools). Element names are matched on their local
// part, so "v3:Events", "trk:Activity" and "Events" are all "Events".
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <pugixml.hpp>

namespace forewarn::tracking::xml {

std::string_view local_name(const pugi::xml_node& n);
// First child element with that local name (or an empty node).
pugi::xml_node child(const pugi::xml_node& n, std::string_view name);
// All child elements with that local name.
std::vector<pugi::xml_node> children(const pugi::xml_node& n, std::string_view name);
// Follows a chain of child names.
pugi::xml_node at(const pugi::xml_node& n, std::initializer_list<std::string_view> names);
// Trimmed text of the first child with that name ("" when absent).
std::string text(const pugi::xml_node& n, std::string_view name);
std::string text_at(const pugi::xml_node& n, std::initializer_list<std::string_view> names);
std::string own_text(const pugi::xml_node& n);
// First descendant element (depth-first, including n itself) with that local name.
pugi::xml_node find(const pugi::xml_node& n, std::string_view name);
// All descendants with that local name, document order.
std::vector<pugi::xml_node> find_all(const pugi::xml_node& n, std::string_view name);

// Parses body; returns false on malformed XML. Never throws.
bool load(pugi::xml_document& doc, std::string_view body);
// The document element, descending through a SOAP Envelope/Body and a
// karrio-style <wrapper>, to the first payload element.
pugi::xml_node payload_root(const pugi::xml_document& doc);

}  // namespace forewarn::tracking::xml
